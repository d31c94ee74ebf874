/*
 * dafu: a searchable archive of the replies government departments send to
 * People's Congress delegates and CPPCC members.
 *
 * The only file that talks to the terminal and exits: it looks up the command in
 * one table, sets up its environment, and turns its result into the exit status.
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <unicode/uversion.h>

#include "cli/cli.h"

extern const char dafu_commit[]; /* the git commit built from (version_commit.c) */

/* Every command, what it does, its usage text and what it needs of the archive:
 * cli_archive opens it so once the command has parsed its arguments, and main
 * closes it after the command. */
static const struct cmd commands[] = {
    {"import", cmd_import, "import letters from files, folders or stdin", cmd_import_usage,
     CMD_ARCHIVE_WRITE},
    {"search", cmd_search, "find replies by keyword, number, delegate, department...",
     cmd_search_usage, CMD_ARCHIVE_READ},
    {"show", cmd_show, "print whole letters by ID or proposal number", cmd_show_usage,
     CMD_ARCHIVE_READ},
    {"export", cmd_export, "write every record as JSON Lines, JSON or CSV", cmd_export_usage,
     CMD_ARCHIVE_READ},
    {"delegates", cmd_delegates, "list proposers with their number of replies", cmd_delegates_usage,
     CMD_ARCHIVE_READ},
    {"departments", cmd_departments, "list replying departments with their number of replies",
     cmd_departments_usage, CMD_ARCHIVE_READ},
    {"stats", cmd_stats, "count replies by year, body, kind, category, department", cmd_stats_usage,
     CMD_ARCHIVE_READ},
    {"similar", cmd_similar, "list replies that share most of a reply's text (or title)",
     cmd_similar_usage, CMD_ARCHIVE_READ},
    {"boilerplate", cmd_boilerplate, "list groups of replies sharing one template answer",
     cmd_boilerplate_usage, CMD_ARCHIVE_READ},
    {"check", cmd_check, "verify the archive's integrity", cmd_check_usage, CMD_ARCHIVE_READ},
#ifdef DAFU_SERVE /* dafu-serve: the web server is here */
    {"serve", cmd_serve, "serve the archive as web pages and a JSON API", cmd_serve_usage,
     CMD_ARCHIVE_READ},
#else /* dafu: runs dafu-serve */
    {"serve", cmd_serve_exec, "serve the archive as web pages and a JSON API", cmd_serve_usage,
     CMD_NO_ARCHIVE},
#endif
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
    fputs("usage: dafu COMMAND [OPTIONS] [ARGS]\n"
          "\n"
          "dafu (答复) keeps the official replies to People's Congress delegates'\n"
          "建议/议案 and CPPCC members' 提案 in a searchable archive.\n"
          "\n"
          "Commands:\n",
          f);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fputs("\n"
          "Every command takes --db FILE (default: $DAFU_DB, else dafu.db) and --help.\n"
          "  dafu --version   print the version\n"
          "  dafu help CMD    same as dafu CMD --help\n",
          f);
}

static const struct cmd *find_cmd(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

static int wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--"))
            return 0;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return 1;
    }
    return 0;
}

static int finish(int rc)
{
    /* A full disk or a closed pipe: say why (a failed write sets the error
     * flag, and the last flush fails again with the reason). */
    errno = 0;
    int bad = fflush(stdout) != 0;
    int e = errno;
    if (bad || ferror(stdout)) {
        fprintf(stderr, "dafu: cannot write the output%s%s\n", e ? ": " : "", e ? strerror(e) : "");
        return EXIT_TROUBLE;
    }
    return rc;
}

int main(int argc, char **argv)
{
    /* No count of SQLite's memory in use, which nothing reads: it takes a
     * lock at every allocation (before SQLite starts, or it is refused) */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    struct cmd_env env = {stdout, stderr, "dafu", NULL, 0, 0, 0, CMD_NO_ARCHIVE, NULL};
    const char *envdb = getenv("DAFU_DB");
    env.db_path = envdb && *envdb ? envdb : "dafu.db";
    if (isatty(STDOUT_FILENO)) {
        const char *nc = getenv("NO_COLOR");
        env.color = !(nc && *nc);
        struct winsize ws;
        env.width = ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col ? ws.ws_col : 80;
    }
    env.err_tty = isatty(STDERR_FILENO);

    if (argc < 2) {
        usage(stderr);
        return EXIT_TROUBLE;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
        usage(stdout);
        return finish(EXIT_FOUND);
    }
    if (!strcmp(name, "--version")) {
        UVersionInfo v;
        char icu[U_MAX_VERSION_STRING_LENGTH];
        u_getVersion(v);
        u_versionToString(v, icu);
        printf("dafu %s (commit %s; SQLite %s, ICU %s, cJSON %s)\n", DAFU_VERSION, dafu_commit,
               sqlite3_libversion(), icu, cJSON_Version());
        return finish(EXIT_FOUND);
    }
    if (!strcmp(name, "help")) {
        const struct cmd *c = argc > 2 ? find_cmd(argv[2]) : NULL;
        if (argc > 2 && !c) {
            fprintf(stderr, "dafu: unknown command '%s'\n", argv[2]);
            fprintf(stderr, "dafu: try 'dafu --help'\n");
            return EXIT_TROUBLE;
        }
        if (c)
            fputs(c->usage, stdout);
        else
            usage(stdout);
        return finish(EXIT_FOUND);
    }
    if (name[0] == '-') {
        fprintf(stderr, "dafu: unknown option '%s' (options follow the command)\n", name);
        fprintf(stderr, "dafu: try 'dafu --help'\n");
        return EXIT_TROUBLE;
    }
    const struct cmd *c = find_cmd(name);
    if (!c) {
        fprintf(stderr, "dafu: unknown command '%s'\n", name);
        fprintf(stderr, "dafu: try 'dafu --help'\n");
        return EXIT_TROUBLE;
    }
    if (wants_help(argc - 1, argv + 1)) {
        fputs(c->usage, stdout);
        return finish(EXIT_FOUND);
    }
    env.archive = c->archive;
    int rc = c->fn(argc - 1, argv + 1, &env);
    cli_archive_close(&env);
    return finish(rc);
}
