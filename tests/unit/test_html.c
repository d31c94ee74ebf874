/* Unit tests of html: recognising pages, their declared charset, and the text a
 * reader sees (chrome dropped, blocks as lines, entities decoded). */
#include <string.h>

#include "check.h"
#include "import/html.h"

/* The text of page, compared with want. */
static void check_text(const char *page, const char *want, int line)
{
    struct buf out = BUF_INIT;
    struct diag d = DIAG_INIT;
    int rc = html_to_text(page, strlen(page), &out, &d);
    if (rc || strcmp(out.data, want)) {
        check_fail++;
        fprintf(stderr, "test_html.c:%d: got (rc %d %s)\n[%s]\nwant\n[%s]\n", line, rc,
                diag_msg(&d), out.data, want);
    } else {
        check_pass++;
    }
    buf_release(&out);
    diag_release(&d);
}

int main(void)
{
    /* Pages: a tag or a doctype first, or <html>/<body> near the start. */
    CHECK(html_looks_like("<!DOCTYPE html><html>", 21));
    CHECK(html_looks_like("\xEF\xBB\xBF\n  <html>", 13));
    CHECK(html_looks_like("<p>答复</p>", 13));
    CHECK(html_looks_like("保存的页面\n<html><body>", 27));
    CHECK(!html_looks_like("郑美玲代表：\n您提出的建议收悉。", 40));
    /* A comment left at the top of a text letter does not make it a page... */
    const char *frag = "<!--StartFragment-->\n网站首页 > 建议提案\n某某代表:";
    CHECK(!html_looks_like(frag, strlen(frag)));
    /* ...but a page that starts with one still is. */
    const char *page = "<!-- saved -->\n<html><body>答复</body></html>";
    CHECK(html_looks_like(page, strlen(page)));
    CHECK(!html_looks_like("a < b", 5));
    /* A page's source pasted below a line of text is the page: most of its lines
     * hold a tag, one of them a tag that breaks a line... */
    const char *pasted = "关于第45号提案的答复\n<p>张三委员：</p>\n<p>您提出的提案收悉。</p>\n"
                         "<table><tr><td>某县交通运输局</td><td>2024年6月20日</td></tr></table>";
    CHECK(html_looks_like(pasted, strlen(pasted)));
    const char *one_line =
        "某市代表工作网\n<div><h3>关于第8号建议的答复</h3><p>李四代表：</p></div>";
    CHECK(html_looks_like(one_line, strlen(one_line)));
    /* ...while a letter that only writes '<' in its sentences, or holds one
     * stray tag among its lines, is text. */
    const char *lt = "李四代表：\n浓度目标为<35微克，覆盖率<90%的工地停工。\n纳入<数字城管>平台。";
    CHECK(!html_looks_like(lt, strlen(lt)));
    const char *stray = "李四代表：\n您提出的建议收悉。<p>\n现答复如下：\n感谢您的关心。";
    CHECK(!html_looks_like(stray, strlen(stray)));
    CHECK(!html_looks_like("", 0));

    /* The declared charset, in its three forms. */
    char cs[64];
    const char *p1 = "<html><head><meta charset=\"gbk\"></head>";
    CHECK_INT(html_declared_charset(p1, strlen(p1), cs, sizeof cs), 1);
    CHECK_STR(cs, "gbk");
    const char *p2 = "<HTML><HEAD><META HTTP-EQUIV=\"Content-Type\" "
                     "CONTENT=\"text/html; charset=GB2312\"></HEAD>";
    CHECK_INT(html_declared_charset(p2, strlen(p2), cs, sizeof cs), 1);
    CHECK_STR(cs, "GB2312");
    const char *p3 = "<?xml version=\"1.0\" encoding='big5'?><html>";
    CHECK_INT(html_declared_charset(p3, strlen(p3), cs, sizeof cs), 1);
    CHECK_STR(cs, "big5");
    const char *p4 = "<html><head><meta name=\"keywords\" content=\"答复\"><title>x</title>";
    CHECK_INT(html_declared_charset(p4, strlen(p4), cs, sizeof cs), 0);
    const char *p5 = "<meta charset=";
    CHECK_INT(html_declared_charset(p5, strlen(p5), cs, sizeof cs), 0);

    /* Blocks become lines; inline elements do not break them; white space
     * collapses; the ideographic space of an indent stays. */
    check_text("<html><body><h1>关于第12号建议的答复</h1><div><p>王明代表：</p>"
               "<p>　　您提出的<b>《关于  加快\n道路建设的建议》</b>收悉。</p></div></body></html>",
               "关于第12号建议的答复\n王明代表：\n　　您提出的《关于 加快 道路建设的建议》收悉。",
               __LINE__);
    /* Scripts, styles, the rest of the head, navigation, headers, footers, hidden elements and
     * chrome named by class or id are dropped. */
    check_text(
        "<html><head><title>标题</title><style>p{color:red}</style>"
        "<script>var a = '<p>脚本</p>';</script></head><body>"
        "<nav>首页 | 政务公开</nav><header>网站名称</header>"
        "<div class=\"top-nav\">导航</div><div id=\"footer\">页脚</div>"
        "<div class=\"breadcrumb\">当前位置</div><div class=\"article-header\">正文标题</div>"
        "<p>正文</p><div style=\"display: none\">赌场广告</div><span hidden>隐藏</span>"
        "<footer><p>版权所有</p></footer><script>track();</script></body></html>",
        "标题\n\n正文标题\n正文", __LINE__);
    /* The page's title (the first <title>, white space collapsed) is its first line,
     * a block of its own: a site may name the replying unit there only. */
    check_text("<html><head><title> 关于第12号建议的答复\n_某某局 </title></head><body>"
               "<svg><title>图标</title></svg><h1>关于第12号建议的答复</h1></body></html>",
               "关于第12号建议的答复 _某某局\n\n关于第12号建议的答复", __LINE__);
    check_text("<html><head><title></title></head><body><p>正文</p></body></html>", "正文",
               __LINE__);
    /* Elements hidden by a rule of the page's own style sheets, wherever the
     * sheet stands: simple selectors (class, classes, id, element and class,
     * one of a list) are read; a rule with a context (a combinator, a
     * pseudo-class, inside @media) hides nothing here. */
    check_text("<html><head><style>/* .a{display:none} */ .hide{ DISPLAY : none !important }"
               "p.x.y, #gone {visibility: hidden} @media print { .print { display:none } }"
               ".side .ad {display:none} .tip:hover{display:none} span.z{color:red}</style></head>"
               "<body><div class=\"hide\">广告一</div><div class=\"box hide\">广告二</div>"
               "<p class=\"y x\">广告三</p><p class=\"x\">正文一</p><div id=\"gone\">广告四</div>"
               "<div class=\"print\">正文二</div><div class=\"ad\">正文三</div>"
               "<div class=\"tip\">正文四</div><span class=\"z\">正文五</span><div "
               "class=\"a\">正文六</div>"
               "</body></html><style>.late{display:none}</style><p class=\"late\">广告五</p>",
               "正文一\n正文二\n正文三\n正文四\n正文五\n正文六", __LINE__);
    /* A page hiding more text by its sheets than it shows reveals it by script:
     * nothing is dropped then. */
    check_text(
        "<style>.content{display:none}</style><div class=\"content\">答复全文较长的一段</div>"
        "<p>加载中</p>",
        "答复全文较长的一段\n加载中", __LINE__);
    /* Entities, numeric references and no-break spaces. */
    check_text("<p>&ldquo;茶园贷&rdquo;&nbsp;&nbsp;68&#37; &amp; &#x4E2D;&lt;</p>",
               "“茶园贷” 68% & 中<", __LINE__);
    /* <br> breaks lines, at most one empty line in a row. */
    check_text("<p>湖北省农业农村厅<br>2023年6月18日</p><p><br><br><br><br></p><p>附件</p>",
               "湖北省农业农村厅\n2023年6月18日\n\n附件", __LINE__);
    /* Table cells are separated as a pipe table's are (" | ", the blanks around them
     * in it), rows are lines; an empty cell adds nothing. */
    check_text("<table><tr><td>类别：</td><td>A类</td></tr><tr><th>文号</th>"
               "<td>鄂农建〔2023〕46号</td></tr></table>",
               "类别： | A类\n文号 | 鄂农建〔2023〕46号", __LINE__);
    check_text("<table><tr>\n<td>&nbsp;</td><td> 某县民政局 </td>\n<td>2024年8月2日</td><td></td>"
               "</tr></table>",
               "某县民政局 | 2024年8月2日", __LINE__);
    /* <pre> keeps its lines. */
    check_text("<pre>第一行\n  第二行</pre>", "第一行\n  第二行", __LINE__);
    /* Broken markup is recovered. */
    check_text("<div><p>一<p>二</div></span><b>三", "一\n二\n三", __LINE__);
    check_text("", "", __LINE__);
    check_text("<html></html>", "", __LINE__);
    /* A charset declaration inside the (UTF-8) text changes nothing. */
    check_text("<html><head><meta charset=\"gbk\"></head><body><p>答复</p></body></html>", "答复",
               __LINE__);

    return check_done();
}
