#!/usr/bin/env python3
"""Writes N synthetic reply letters, for the kill test, the progress test and the
import benchmark: distinct proposals (every one a different number), about 2.5 KB
of UTF-8 text each, 1000 to a folder.

usage: gen_letters.py N FOLDER [--seed S] [--gbk-every K]
  --gbk-every K   write every K-th letter in GBK instead of UTF-8
"""
import argparse
import os
import random

REGIONS = [("湖北省", "鄂"), ("湖南省", "湘"), ("广东省", "粤"), ("四川省", "川"), ("浙江省", "浙"),
           ("河南省", "豫"), ("云南省", "滇"), ("甘肃省", "甘"), ("江西省", "赣"), ("陕西省", "陕")]
DEPTS = [("农业农村厅", "农"), ("水利厅", "水"), ("交通运输厅", "交"), ("教育厅", "教"),
         ("卫生健康委员会", "卫"), ("自然资源厅", "自然"), ("文化和旅游厅", "文旅"),
         ("住房和城乡建设厅", "建"), ("生态环境厅", "环"), ("商务厅", "商")]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "建国明伟强静帆磊勇敏刚丽超军斌涛平飞峰兰凯红华英玉芳秀梅春霞德志海燕文"
TOPICS = ["乡村振兴", "茶叶产业", "农村公路", "中小学校舍", "基层医疗", "水库除险加固", "古村落保护",
          "高标准农田", "城乡供水", "职业教育", "养老服务", "电商物流", "生态保护修复", "文旅融合"]
VERBS = ["支持", "加快", "推进", "加强", "完善", "促进"]
SENTENCES = [
    "近年来，我{d}会同有关部门，围绕{t}持续发力，取得了阶段性成效。",
    "一是加大资金投入，累计安排专项资金{n}万元，重点支持基层项目建设。",
    "二是完善政策体系，出台了关于{t}的实施意见，明确了目标任务和责任分工。",
    "三是强化督促指导，组织开展专项调研{k}次，及时协调解决存在的困难和问题。",
    "下一步，我{d}将认真研究吸纳您的意见建议，进一步加大工作力度。",
    "我们将积极争取中央资金支持，统筹用好各类资金，推动{t}提质增效。",
    "同时，加强与相关市县的沟通衔接，及时总结推广好的经验做法。",
    "全省已建成示范点{k}个，带动周边群众增收致富，社会反响良好。",
    "针对您提出的问题，我们进行了认真梳理，逐项研究提出了办理措施。",
]


def letter(i, rnd):
    region, rshort = REGIONS[i % len(REGIONS)]
    dept, dshort = DEPTS[(i // len(REGIONS)) % len(DEPTS)]
    name = rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN)
    topic = rnd.choice(TOPICS)
    title = "关于%s%s发展的建议" % (rnd.choice(VERBS), topic)
    year = 2015 + i % 10
    number = "%04d" % (i + 1)
    head = "%s%s关于省十%s届人大%s次会议第%s号建议的答复" % (
        region, dept, "一二三四五"[i % 5], "一二三四五"[i % 5], number)
    paras = []
    for _ in range(rnd.randint(5, 9)):
        paras.append("".join(rnd.choice(SENTENCES).format(
            d="厅", t=topic, n=rnd.randint(100, 99999), k=rnd.randint(2, 99))
            for _ in range(rnd.randint(2, 4))))
    return "\n".join([
        "当前位置：首页 > 政务公开 > 建议提案办理",
        head,
        "%s%s建〔%d〕%d号" % (rshort, dshort, year, i % 500 + 1),
        "类别：%s类" % "ABC"[i % 3],
        "",
        "%s代表：" % name,
        "　　您提出的《%s》收悉。现答复如下：" % title,
        *("　　" + p for p in paras),
        "　　感谢您对我省%s工作的关心和支持。" % topic,
        "",
        region + dept,
        "%d年%d月%d日" % (year, i % 12 + 1, i % 28 + 1),
        "",
    ])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("folder")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--gbk-every", type=int, default=0)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    for i in range(a.n):
        sub = os.path.join(a.folder, "%03d" % (i // 1000))
        if i % 1000 == 0:
            os.makedirs(sub, exist_ok=True)
        text = letter(i, rnd)
        gbk = a.gbk_every and i % a.gbk_every == 0
        with open(os.path.join(sub, "%06d.txt" % i), "wb") as f:
            f.write(text.encode("gbk" if gbk else "utf-8"))


if __name__ == "__main__":
    main()
