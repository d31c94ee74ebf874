/*
 * The word lists the finders match, as data: NULL-terminated, each declared in
 * parse_int.h. They are matched against the text in matching form (simplified,
 * full-width ASCII folded), except the spam words, matched in the raw line.
 */
#include "import/parse/parse_int.h"

/* Words of the spam mirror sites inject (gambling sites, fake invoices),
 * simplified and traditional: a short line holding one is not part of any letter. */
const char *const spam_words[] = {
    "娱乐城",     "娛樂城",       "真人娱乐", "真人娛樂", "百家乐",   "百家樂",
    "时时彩",     "時時彩",       "北京赛车", "北京賽車", "六合彩",   "葡京",
    "新葡京",     "威尼斯人",     "注册送",   "註冊送",   "开户送",   "開戶送",
    "首存",       "彩金",         "一分快三", "皇冠体育", "皇冠體育", "转载请注明",
    "轉載請註明", "更多精彩内容", "pk10",     "PK10",     "bet365",   NULL};

/* Words a letter may hold too ("关于加强棋牌室管理的建议", "打击网络赌博"): spam only
 * on a line that also advertises (a web address, 官网, 入口, 下载). */
const char *const spam_words_weak[] = {"代开发票", "代開發票", "棋牌",     "博彩",     "赌场",
                                       "賭場",     "赌博",     "賭博",     "网赌",     "網賭",
                                       "老虎机",   "老虎機",   "体育投注", "體育投注", "足球投注",
                                       "电子游艺", "電子遊藝", NULL};
const char *const spam_ad_words[] = {"http", "www.", ".com", ".net", ".vip", "官网",
                                     "官網", "入口", "下载", "下載", NULL};

/* Lines of page chrome after the letter, matched at a line start: the letter
 * ends before the first of them. */
const char *const chrome_after[] = {
    "相关阅读",   "版权声明", "上一篇",   "下一篇",   "上一条",   "下一条",       "上一个",
    "下一个",     "主办单位", "主办:",    "承办:",    "扫一扫",   "扫描二维码",   "责任编辑",
    "【关闭",     "[关闭",    "最新内容", "热点内容", "【打印",   "[打印",        "打印本页",
    "打印此页",   "分享到",   "网站地图", "版权所有", "当前位置", "您的当前位置", "您所在的位置",
    "相关链接",   "相关文章", "附件下载", "【字体",   "返回顶部", "网站标识码",   "网站声明",
    "用手机扫描", "手机扫码", "原文链接", "原文地址", NULL};

/* Chrome words a sentence of the letter may also start with ("关闭了3家…", "技术
 *支持方面…"): chrome only on a short line of their own. */
const char *const chrome_after_short[] = {"关闭",     "技术支持", "联系我们", "相关新闻",
                                          "相关信息", "编辑:",    NULL};

/* The same, matched anywhere in a short line (footers run several items together). */
const char *const chrome_after_any[] = {"版权所有",   "ICP备",      "Copyright", "copyright",
                                        "公网安备",   "网站标识码", "主办单位:", "【免责声明】",
                                        "[免责声明]", "免责声明:",  NULL};

/* Chrome a flattened page runs into the letter's last line ("… 2024年6月17日 |
 * 相关阅读 版权声明…"): cut where one follows white space or '|'. */
const char *const chrome_inline[] = {"相关阅读", "版权声明", "上一篇",   "下一篇", "上一条",
                                     "下一条",   "主办单位", "版权所有", "扫一扫", "责任编辑",
                                     "打印本页", "网站地图", "返回顶部", "分享到", "【关闭",
                                     "【打印",   "相关链接", "相关文章", NULL};

/* Meta lines of the page above and around the header, left out of the text. */
const char *const chrome_meta[] = {
    "发布时间",     "发布日期",     "来源:",    "信息来源", "字号",     "字体",
    "浏览次数",     "阅读次数",     "访问次数", "点击数",   "分享到",   "当前位置",
    "您的当前位置", "您所在的位置", "所在位置", "首页",     "更新时间", "文章播报",
    "今天是",       "欢迎访问",     "无障碍",   "作者:",    "时间:",    NULL};

/* Lines that follow the sign-off (contacts, distribution, filing words): never the
 * department, and their dates are not the signing date. */
const char *const trailer_words[] = {
    "抄送",     "抄报", "送:",  "报:",   "主送",  "主题词",   "印发",     "联系人", "联系电话",
    "电话",     "承办", "经办", "签发",  "领导",  "校对",     "核稿",     "附件",   "传真",
    "联系单位", "邮编", "地址", "(联系", "(此件", "公开方式", "公开属性", "注:",    NULL};

/* Words that open a copy of the original proposal placed after the reply (after
 * 附:, 【 and a 代表/委员 prefix). */
const char *const proposal_marks[] = {
    "建议原文", "提案原文", "议案原文", "原建议", "原提案", "原议案", "原文",  "原件",
    "建议内容", "提案内容", "议案内容", "案由",   "建议:",  "提案:",  "议案:", NULL};

const char *const org_suffix[] = {
    "委员会", "人民政府", "办公室", "政府", "管委会", "中心", "海关", "公司", "支部", "集团", "局",
    "厅", "委", "办", "院", "所", "站", "队", "部", "会", "署", "处", "行", "馆", "社", "党", "团",
    "校", "司", "总支",
    /* towns and streets sign as themselves (青石镇, 城南街道); federations (县残联,
     * 县科协), stations and farms (气象台, 林场), schools (第一中学) */
    "街道", "镇", "乡", "联", "协", "台", "场", "学",
    /* road sections, offices, working groups, prisons (公路管理段, 督查室, 领导小组) */
    "段", "室", "组", "狱",
    /* works, a county bureau's sections, courts, kindergartens (自来水厂, 基础教育股,
     * 人民法庭, 第三幼儿园) */
    "厂", "股", "庭", "幼儿园", NULL};

/* Proposing groups: parties, federations, CPPCC committees and sectors,
 * delegations. */
const char *const group_words[] = {
    "致公党", "民盟", "民进", "民革", "民建", "农工党", "九三学社", "台盟", "工商联", "政协",
    "党派", "小组", "界别", "联组", "总工会", "妇联", "共青团", "代表团", "代表组", "青联", "科协",
    "侨联", "民主党派",
    /* the federations' full names */
    "工商业联合会", "妇女联合会", "青年联合会", "归国华侨联合会", "科学技术协会",
    /* the parties' full names */
    "国民党革命委员会", "民主同盟", "民主建国会", "民主促进会", "农工民主党", "民主自治同盟", NULL};

/* Words that end a salutation before its colon, longest first. */
const struct sal_word sal_suffix[] = {{"党代表您好", ROLE_DANG},
                                      {"党代表们", ROLE_DANG},
                                      {"党代表", ROLE_DANG},
                                      {"代表您好", ROLE_DAIBIAO},
                                      {"委员您好", ROLE_WEIYUAN},
                                      {"同志您好", 0},
                                      {"代表们", ROLE_DAIBIAO},
                                      {"委员们", ROLE_WEIYUAN},
                                      {"代表", ROLE_DAIBIAO},
                                      {"委员", ROLE_WEIYUAN},
                                      {"同志", 0},
                                      {"先生", 0},
                                      {"女士", 0},
                                      {NULL, 0}};

/* Words that cannot be part of an addressee's name: the colon ends a sentence. */
const char *const not_name[] = {"的",   "提出", "关于", "感谢", "如下", "答复",
                                "办理", "我们", "现将", "并",   "领衔", "附议",
                                "联名", "姓名", "人大", "政协", NULL};
/* The same for an organisation addressed (政协 belongs in a committee's name). */
const char *const not_org[] = {"的",   "提出", "关于", "感谢", "如下", "答复",
                               "办理", "我们", "现将", "并",   NULL};

const char *const header_words[] = {"答复",     "复函",     "回复",     "办理意见",
                                    "会办意见", "协办意见", "办理情况", "答 复",
                                    "答  复",   "办理结果", "的函",     NULL};

/* A reposting site's summary of the letter above it: never the opening sentence. */
const char *const repost_summary[] = {"核心提示", "内容提要", "导读:", "导语:", NULL};

/* Words that end the opening sentence ("…收悉,现答复如下:"). */
const char *const opening_end[] = {"现答复", "答复如下", "现将",   "现回复",       "现就", "现予",
                                   "特此",   "回复如下", "现函复", "办理情况如下", NULL};

const char *const title_labels[] = {"标题",     "题目",     "建议标题", "提案标题", "建议名称",
                                    "提案名称", "议案名称", "建议题目", "提案题目", "案由",
                                    "政协提案", "人大建议", NULL};
const char *const proposer_labels[] = {
    "代表提案者", "代表姓名", "第一提案人", "提案人", "提出人",   "建议人",
    "领衔代表",   "领衔委员", "领衔人",     "提案者", "委员姓名", "提出者",
    "主提人",     "提案单位", "提出单位",   "代表",   "委员",     NULL};
/* Those who joined the lead proposer, after the lead in a form. */
const char *const cosigner_labels[] = {"附议代表", "附议委员", "附议人", "联名代表",
                                       "联名委员", "联名人",   "附议",   NULL};
const char *const number_labels[] = {"建议编号", "提案编号", "议案编号", "提案号",
                                     "建议号",   "案号",     "编号",     NULL};
const char *const dept_labels[] = {
    "承办单位", "办理单位", "答复单位", "发布机构", "发文机关", "发文单位", "办文单位", "部门",
    "发布单位", "发文机构", "发布部门", "责任单位", "公开责任部门", "责任部门", "信息提供单位",
    "所属机构", "来文单位", "发布者", "发布人", "作者",
    /* the same words a replier's office writes otherwise */
    "答复部门", "回复部门", "回复单位", "办复单位", "办复部门", "办理部门", "承办部门", "承办机关",
    "牵头单位", "牵头部门", "主办部门", "单位", NULL};
const char *const source_labels[] = {"信息来源", "文章来源", "稿件来源", "新闻来源", "来源", NULL};
const char *const signed_date_labels[] = {
    "成文日期", "答复日期", "答复时间", "签发日期", "发文日期", "办理时间", "办复时间",
    "办复日期", "办结日期", "办结时间", "回复日期", "回复时间", "办理日期", NULL};
/* Other days of a proposal's handling, which are not the reply's date. */
const char *const other_date_labels[] = {"交办日期", "交办时间", "提出日期", "提出时间", "提交日期",
                                         "提交时间", "收到日期", "立案日期", "立案时间", "截止日期",
                                         "办理期限", "会议时间", "转办日期", NULL};
const char *const pub_date_labels[] = {"发布日期", "发布时间", "公开日期", "日期",
                                       "时间",     "更新时间", NULL};

/* The level word of a meeting, as it writes it: 自治区, 自治州, 地区, 旗, 州 and 盟 are
 * their own levels, and so are a township's 乡, a town's 镇 and a 苏木 (a banner's
 * township in Inner Mongolia). */
const char *const level_chars[][2] = {
    {"自治区", "自治区"}, {"自治州", "自治州"}, {"省", "省"},     {"市", "市"}, {"县", "县"},
    {"地区", "地区"},     {"区", "区"},         {"镇", "镇"},     {"乡", "乡"}, {"旗", "旗"},
    {"州", "州"},         {"盟", "盟"},         {"苏木", "苏木"}, {NULL, NULL}};

const char *const region_cut[] = {
    "关于", "对", "于", "在", "的", "届", "次", "政协", "人大", "召开", "第", "年", "向", "会议",
    "会", "和", "及", "出席", "参加", "提交", "中国", "答复", "回复", "办理",
    /* "该建议系县十八届…": the item and its copula before the meeting's place */
    "建议", "提案", "系",
    /* "关于转送市十七届…": a forwarding letter's verb before the meeting */
    "转送", "转交", "转发",
    /* "根据镇十五届人大五次会议安排，…": a sentence's preposition before the meeting */
    "根据", "按照", "依据", NULL};

/* Organisations a unit's name starts with before its place (中共苍山县委, 国网苍山县
 * 供电公司): the region is read after them. */
const char *const region_prefix[] = {"中国共产党", "中共",         "共青团",   "国家电网",
                                     "国网",       "中国人民银行", "中国邮政", "中国移动",
                                     "中国电信",   "中国联通",     NULL};

/* Development zones and the like: their names end in 区 but they have no congress of
 * their own, so a department's zone is not the region of the meeting. */
const char *const zone_words[] = {"新区",   "开发区", "园区",   "景区",   "示范区",
                                  "试验区", "合作区", "保税区", "功能区", "片区",
                                  "城区",   "社区",   "管理区", "实验区", NULL};

const char *const not_person[] = {"各位", "全体", "有关", "相关", "诸位", "你们", "您们", NULL};
