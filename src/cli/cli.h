#ifndef DAFU_CLI_H
#define DAFU_CLI_H
/*
 * cli: what every subcommand shares: its environment (streams, database path,
 * colour), a table-driven option parser, and value checks.
 *
 * Subcommands (cmd_*.c) write their output to env->out and their messages to
 * env->err, return an exit status (enum dafu_exit), and never exit themselves.
 */
#include <stdio.h>

#include "base/diag.h"

enum dafu_exit {
    EXIT_FOUND = 0,   /* something found or done */
    EXIT_NOTHING = 1, /* nothing found */
    EXIT_TROUBLE = 2  /* usage or data error */
};

/* What a command needs of the archive (the command table says). */
enum cmd_archive {
    CMD_NO_ARCHIVE,   /* none, or its own way (serve's threads) */
    CMD_ARCHIVE_READ, /* read: a missing archive is an error */
    CMD_ARCHIVE_WRITE /* write: created when missing, migrated when old */
};

struct db;
struct cmd_env {
    FILE *out;                /* results */
    FILE *err;                /* messages */
    const char *prog;         /* "dafu", for messages */
    const char *db_path;      /* --db, else $DAFU_DB, else "dafu.db" */
    int color;                /* colour hits: out is a terminal and NO_COLOR is unset */
    int width;                /* terminal width in cells, 0 when out is not a terminal */
    int err_tty;              /* err is a terminal (progress lines) */
    enum cmd_archive archive; /* what the running command needs, from its table entry */
    struct db *db;            /* the archive once cli_archive opened it; closed by main */
};

/* One command: its name, function, one-line summary, usage text and what it
 * needs of the archive. */
struct cmd {
    const char *name;
    int (*fn)(int argc, char **argv, struct cmd_env *env);
    const char *summary;
    const char *usage; /* full --help text */
    enum cmd_archive archive;
};

enum cli_arg { CLI_NOARG, CLI_ARG };

struct cli_opt {
    const char *name; /* long name without "--" */
    char shortc;      /* short letter or 0 */
    enum cli_arg arg;
    int id; /* passed to the callback */
};

/* Parses argv[1..argc): options may come before or after arguments; "--" ends
 * options; "-" alone is an argument; --name=value and -x value both work.
 * fn is called for each option (returns 0 or -1 with d set). Positional arguments
 * are collected into pos (room for argc pointers) and their count into *npos.
 * With dash_words, a single-dash word that is no short option ("-金属", "-road")
 * is an argument (search's exclusions); without, "-x" unknown is an error, but a
 * dash before a non-ASCII character is always an argument.
 * Returns 0 or -1 with d set (an unknown option, a missing value). */
int cli_parse(int argc, char **argv, const struct cli_opt *opts,
              int (*fn)(void *ctx, int id, const char *val, struct diag *d), void *ctx, char **pos,
              int *npos, int dash_words, struct diag *d);

/* Parses a whole number in [min, max] for option `name`. Returns 0 or -1 with d set. */
int cli_long(const char *name, const char *val, long min, long max, long *out, struct diag *d);
/* Checks val is one of the NULL-terminated choices; returns its index or -1 with d set. */
int cli_choice(const char *name, const char *val, const char *const *choices, struct diag *d);

/* Prints "dafu: message" and the hint to env->err; returns EXIT_TROUBLE. */
int cli_usage_error(struct cmd_env *env, const char *cmd, const char *msg);
/* Prints "dafu: message" to env->err; returns EXIT_TROUBLE. */
int cli_error(struct cmd_env *env, const char *msg);
/* Writes "PROG: " and the formatted message, one line, on env->err with its
 * control and bidirectional characters escaped (\x1b, \n, \u202e): messages
 * quote file names, arguments and letters' fields. */
void cli_say(struct cmd_env *env, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* d's message as a usage error of cmd (with the hint) when d says DIAG_USAGE,
 * else as cli_error; returns EXIT_TROUBLE. */
int cli_diag_error(struct cmd_env *env, const char *cmd, const struct diag *d);

/* The archive, the one place a command gets it: opens env->db_path as the
 * command table says (env->archive: read or write) on the first call, after the
 * command has parsed its arguments (--db). On failure prints why and returns
 * EXIT_TROUBLE, else 0 with *db set; env owns the archive and main closes it
 * after the command (cli_archive_close). */
int cli_archive(struct cmd_env *env, struct db **db);
/* Closes the archive if it is open. */
void cli_archive_close(struct cmd_env *env);

/* The options of the commands that take only --db and perhaps --format (show,
 * export, check) and their positional arguments. */
struct cli_args {
    int format; /* index into the formats given to cli_args_parse; 0 by default */
    char **pos; /* the positional arguments */
    int npos;
};
/* Parses argv for cmd: --db FILE (into env->db_path) and, when formats (NULL-
 * terminated) is given, --format F. With need_args NULL the command takes no
 * arguments; else it needs one at least, and need_args says so when none is given.
 * Returns 0, or EXIT_TROUBLE after printing the error. Release with
 * cli_args_release either way. */
int cli_args_parse(struct cli_args *a, int argc, char **argv, struct cmd_env *env, const char *cmd,
                   const char *const *formats, const char *need_args);
void cli_args_release(struct cli_args *a);

/* The options search, delegates, departments and stats share: filters, keywords,
 * sort, paging and format (parsed by filter_args_parse, defined with search). */
#include "base/buf.h"
#include "search/query.h"
struct filter_args {
    struct cmd_env *env;
    struct search_opts o;
    int format;       /* enum out_format */
    int limit_set;    /* --limit given */
    int count;        /* --count */
    struct buf query; /* the positional words, joined */
};
/* Parses argv for cmd. Returns 0, or EXIT_TROUBLE after printing the usage error.
 * Release with filter_args_release either way. */
int filter_args_parse(struct filter_args *a, int argc, char **argv, struct cmd_env *env,
                      const char *cmd);
void filter_args_release(struct filter_args *a);

/* The subcommands. */
int cmd_import(int argc, char **argv, struct cmd_env *env);
int cmd_search(int argc, char **argv, struct cmd_env *env);
int cmd_show(int argc, char **argv, struct cmd_env *env);
int cmd_export(int argc, char **argv, struct cmd_env *env);
int cmd_check(int argc, char **argv, struct cmd_env *env);
int cmd_delegates(int argc, char **argv, struct cmd_env *env);
int cmd_departments(int argc, char **argv, struct cmd_env *env);
int cmd_stats(int argc, char **argv, struct cmd_env *env);
int cmd_similar(int argc, char **argv, struct cmd_env *env);
int cmd_boilerplate(int argc, char **argv, struct cmd_env *env);
int cmd_serve(int argc, char **argv, struct cmd_env *env);
/* Runs dafu-serve (cmd_serve) from dafu's folder with the same arguments. */
int cmd_serve_exec(int argc, char **argv, struct cmd_env *env);

extern const char cmd_import_usage[];
extern const char cmd_search_usage[];
extern const char cmd_show_usage[];
extern const char cmd_export_usage[];
extern const char cmd_check_usage[];
extern const char cmd_delegates_usage[];
extern const char cmd_departments_usage[];
extern const char cmd_stats_usage[];
extern const char cmd_similar_usage[];
extern const char cmd_boilerplate_usage[];
extern const char cmd_serve_usage[];

#endif
