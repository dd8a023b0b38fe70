"""Pattern rules and word lists for entities: money, dates, hashtags; surnames, titles, suffixes.

Money, percent and date patterns run on normalised text (Simplified, ASCII digits, lower
case), so each is written once for both scripts and both widths. Regexes use explicit
look-arounds rather than \\b, which does not separate Han from Latin.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reader.text.han import HAN_CLASS

# --- numbers --------------------------------------------------------------------------------

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CN_DIGITS = "零〇一二两三四五六七八九十百千"
_CNUM = f"[{_CN_DIGITS}]+"
_MAG = r"[十百千万亿兆]{0,3}"
# An amount: digits with an optional magnitude (3,357亿, 1.5兆, 3000多万), or Chinese
# numerals that carry a magnitude (十亿, 三千万).
# 七百多万, 两百多, 二三十: Chinese numerals with an approximate 多/余 or a magnitude.
_AMOUNT = (
    rf"(?:(?<![\d.])(?<!\d,){_NUM}(?:多|余)?{_MAG}|{_CNUM}(?:多|余)?[万亿兆]{{1,2}}|(?:数|几|上)[十百千万亿]{{1,3}}"
    rf"|(?<![{_CN_DIGITS}]){_CNUM}[十百千](?:多|余)?|[{_CN_DIGITS}]{{2,}})"
)
_RANGE = r"(?:至|到|-|~|—)"
# 近 but not 逼近, 接近, 附近, 最近, 将近.
_QUALIFIER = r"(?:约|逾|超过|(?<![逼接附最将])近)"
_CURRENCY = (
    r"(?:新台币|台币|港币|港元|人民币|美元|美金|日元|日圆|欧元|英镑|韩元|澳元|加元|澳门元|澳币|泰铢|卢布|新加坡元)"
)
# 元 is not money in 元素 元件 元旦 元宵 元首 元帅 元老 元年 元化.
_YUAN = r"元(?![素件旦宵首帅老年化])"

MONEY_RE = re.compile(
    rf"{_QUALIFIER}?"
    rf"(?:"
    # 新台币150亿元, 港币85元, 人民币3亿
    rf"{_CURRENCY}{_AMOUNT}(?:{_RANGE}{_AMOUNT})?(?:{_YUAN})?"
    # 15亿美元, 3,357亿元新台币, 400亿至420亿美元, 2亿港币, 1,210元
    rf"|{_AMOUNT}(?:{_RANGE}{_AMOUNT})?(?:{_YUAN}{_CURRENCY}?|{_CURRENCY}|块钱|块(?![状头地]))"
    # US$1.5 billion, HK$85, $300, €20
    rf"|(?<![a-z0-9])(?:us|hk|nt|ntd|rmb|a|c|s)?[$€£¥￥]\s?{_NUM}(?:\s?(?:billion|million|trillion|bn|m|k)(?![a-z])|{_MAG})"
    rf")"
)

PERCENT_RE = re.compile(
    rf"(?<![\d.])(?<!\d,){_NUM}\s?%"
    rf"|百分之(?:{_NUM}|[{_CN_DIGITS}]+(?:点[{_CN_DIGITS}]+)?)"
    # 三成, 七成 (tenths); not 一成不变, 八成熟, 第三成员...
    r"|(?<![第零〇一二两三四五六七八九十百千])(?:[一二三四五六七八九]|十)成(?![不长功立员果交熟本绩效品年份就])"
)

_YEAR = r"(?:1[89]|20)\d\d"
_MONTH = r"(?:1[0-2]|0?[1-9])"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"

_MONTH_DAY = rf"{_MONTH}月(?:{_DAY}[日号])?"
# A weekday or a relative day that names one day: 周三, 星期六, 下周一, 下个星期三, 本周六;
# not 每周三, 每个星期六 (recurring), nor 周末.
_WEEKDAY = r"(?<![每个])(?:(?:本|这|下|上)(?:个)?)?(?:星期|礼拜|周)[一二三四五六日天](?![年月十百千万])"

DATE_RE = re.compile(
    rf"(?<!\d)(?:1[89]|20)\d0年代"
    rf"|(?<!\d){_YEAR}年(?:{_MONTH_DAY}(?:{_RANGE}(?:{_MONTH_DAY}|{_DAY}[日号]))?)?"
    # 1月至10月, 10月1日至8日: a range is one date
    rf"|(?<![\d.])(?<!\d,){_MONTH_DAY}(?:{_RANGE}(?:{_MONTH_DAY}|{_DAY}[日号]))?"
    rf"|(?<![\d.月])(?<!\d,){_DAY}日(?![元圆币])"
    rf"|(?<!\d){_YEAR}[-/.]{_MONTH}[-/.]{_DAY}(?![\d.])"
    r"|(?:公元前?)?[一二三四五六七八九十]{1,3}(?:至[一二三四五六七八九十]{1,3})?世纪"
    rf"|{_WEEKDAY}"
)

# On width-folded text (case kept). Weibo-style #话题# keeps its closing mark.
HASHTAG_RE = re.compile(
    r"(?<![A-Za-z0-9&#/\\])#(?![\s#])"
    r"([^\s#，。、！？!?,;；：:（）()\[\]{}「」『』“”\"'《》<>]{1,40})(#?)"
)

#: Lines named after their stations: 萬大—中和—樹林線.
DASHED_LINE_RE = re.compile(f"(?:[{HAN_CLASS}]{{2,4}}[—–\\-－]){{1,3}}[{HAN_CLASS}]{{2,4}}线")
#: Two countries by their one-character names before a word of relations: 中美关系,
#: 中日两国, 印巴双方 name two places each.
COUNTRY_CHARS = "中美日俄英法德意韩朝印巴越泰菲澳加缅蒙欧埃奥以"
_COUNTRY_CHARS = COUNTRY_CHARS
COUNTRY_PAIR_RE = re.compile(
    rf"([{_COUNTRY_CHARS}])([{_COUNTRY_CHARS}])"
    r"(?=两国|关系|双方|之间|两国间|间的|建交|友好|合作|贸易|经贸|会谈|首脑|元首|外长|战略|联合声明|双边|峰会)"
)
#: A party committee by the level of its area: 省委, 市委, 县委, 乡党委, 团县委 (not 委员, 委托).
COMMITTEE_RE = re.compile(r"(?:团)?[省市县区乡镇州](?:党)?委(?![员托屈婉任派以身])")
#: The parties and leagues before a committee's name: 中共河北省委, 共青团衡阳市委.
COMMITTEE_PREFIXES = ("中共", "共青团")
#: Titles of newspapers and magazines: 《费加罗报》, 《经济周刊》 name an organisation.
PERIODICAL_SUFFIXES = ("报", "周刊", "月刊", "杂志", "画报")
#: Metro line numbers: 13号线, 4號線.
LINE_NUMBER_RE = re.compile(r"(?<![\d.])\d{1,2}号线")

# Text in corner brackets or curly quotes; classified by what it ends with.
QUOTED_RE = re.compile(r"[「『“]([^「」『』“”\n]{2,24})[」』”]")


def money_spans(normalized: str) -> Iterator[tuple[int, int]]:
    for m in MONEY_RE.finditer(normalized):
        yield m.start(), m.end()


def percent_spans(normalized: str) -> Iterator[tuple[int, int]]:
    for m in PERCENT_RE.finditer(normalized):
        yield m.start(), m.end()


def date_spans(normalized: str) -> Iterator[tuple[int, int]]:
    for m in DATE_RE.finditer(normalized):
        yield m.start(), m.end()


def hashtag_spans(folded: str) -> Iterator[tuple[int, int]]:
    for m in HASHTAG_RE.finditer(folded):
        tag = m.group(1).rstrip(".")
        if tag.isdigit():
            continue
        # Right after a word only the closed form is a tag: 今天#台股#大漲, but not 第#1名.
        if m.start() > 0 and folded[m.start() - 1].isalnum() and not m.group(2):
            continue
        end = m.start(1) + len(tag) + (1 if m.group(2) and len(tag) == len(m.group(1)) else 0)
        yield m.start(), end


# --- word lists for the name rules ------------------------------------------------------------

#: Common Chinese surnames (Simplified: the rules run on normalised text).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
    "莫孔向汤洪翁庄柯简詹游邢施甘巫涂连颜温纪卓欧倪康骆阮庞左关包易岳齐蓝童凌霍殷葛伍柳牛辛耿符祝聂"
    "宁梅房盛滕管鲁胥单舒饶谷季池邬裴汤詹车晏尤臧麦利冼区伍黎"
)
COMPOUND_SURNAMES = frozenset(["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒", "夏侯", "长孙", "宇文", "轩辕", "澹台", "范姜", "张简"])

#: Titles and roles that precede a person's name in news (normalised).
TITLES = tuple(
    sorted(
        """
        董事长 副董事长 总经理 副总经理 总裁 副总裁 执行长 首席执行官 首席技术官 首席科学家 财务长 营运长 技术长
        创办人 创始人 联合创始人 负责人 发言人 主席 副主席 理事长 秘书长 副秘书长 会长 副会长 召集人 社长 总编辑
        副总编辑 主编 总监 工程总监 节目总监 投资总监 技术总监 艺术总监 经理 店长 厂长 院长 副院长 所长 副所长
        校长 副校长 系主任 主任 副主任 处长 副处长 局长 副局长 署长 部长 副部长 司长 副司长 厅长 主委 副主委
        委员 议员 立委 市长 副市长 县长 镇长 里长 村长 总统 副总统 总理 首相 行政院长 特首 行政长官 大使 领事
        法官 检察官 律师 执业律师 教授 副教授 助理教授 讲师 研究员 副研究员 分析师 经济学家 学者 专家 博士
        作家 小说家 诗人 导演 演员 歌手 策展人 艺术家 建筑师 设计师 工程师 医师 医生 记者 主播 编辑 译者
        翻译家 选片人 作曲人 教练 球员 选手 老师 总编 队长 研究所长 团长 创作者
        行政总裁 副行政总裁 董事总经理 执行董事 总干事 首席经济学家 首席分析师 策略师 首席策略师 合伙人
        主教练 总教练 主帅 投手 先发投手 洋投 捕手 打者 前锋 中场 后卫 门将 中锋 控卫 外援 新援
        """.split(),
        key=len,
        reverse=True,
    )
)
#: Titles that may follow a name (刘洋教授).
TITLES_AFTER = ("教授", "博士", "医生", "律师", "法官", "院士", "议员", "老师", "主席", "部长", "局长", "市长", "总统", "总理", "董事长")

#: What may follow a name: punctuation, or words starting with these (表示, 指出, 说 ...).
NAME_FOLLOWERS = tuple(
    """
    表示 指出 说 说明 认为 坦言 透露 分析 介绍 告诉 强调 建议 提醒 则 也 在 专程 带着 执导 等 与 和 及 日前
    带著 近日 今天 昨日 昨天 接受 回应 称 补充 提到 直言 观察 预期 估计 担任 率领 出席 代表 主持 呼吁 警告 相信
    希望 承认 解释 举例 笑说 感叹 表态 证实 否认 批评 质疑 形容 预计 预测 曾 已 将 亦 又 还 更 就 先 特别
    于 向 对 早前 此前 当时 同时 会 指 问 答 说道 写道 主张 发表 宣布 表明 看好 不 没有 并 都 仍 从 负责 今年
    """.split()
)
#: Words that say a person spoke right before them (罗干说, 若斯潘表示): strong evidence that
#: the word before is a person's name.
SPEECH_CUES = ("说", "表示", "指出", "透露", "称", "强调", "认为", "介绍", "告诉", "宣布", "坦言", "直言", "回应", "说道", "写道", "警告", "呼吁", "承认", "解释", "补充")
#: One-character adverbs that follow names and get glued to them (卢金也警告).
ADVERBS_AFTER_NAMES = frozenset("也还又就将曾已亦都仍便才却则")
NAME_END_PUNCT = "，。、；：！？（）()「」『』“”,.;:!? \n\t—"
#: The same, as a set for one-character lookups.
NAME_END_CHARS = frozenset(NAME_END_PUNCT)

#: Suffixes that make a name an organisation when they end it (立法会交通事务委员会).
ORG_SUFFIXES = tuple(
    sorted(
        """
        委员会 研究院 研究所 研究中心 实验室 中心 大学 学院 学系 学会 协会 商会 公会 工会 总会 联合会 联盟 基金会
        基金 公司 集团 银行 交易所 法院 政府 议会 办公室 办公厅 事务所 出版社 电视台 日报 时报 博物馆 博物院
        图书馆 医院 部门 院区 分院 分校 分公司 分行 办事处 部 局 署 处 厅 室 院 所
        海关 分局 理事会 俱乐部 球队 代表队 国家队 代表团 中学 小学 警察局 党 队
        常委会 组委会 筹委会 村委会 居委会 党委 党组 总厂 分厂 联校 工委 科协 妇联 残联 办
        """.split(),
        key=len,
        reverse=True,
    )
)
#: Words that end a firm's name without 公司 (遠傳 + 電信, 日月光 + 投控, 高瓴 + 資本): after
#: another organisation's name or an unknown word, the two are one organisation.
COMPANY_SUFFIXES = frozenset(
    """电信 电讯 证券 资本 投控 投顾 金控 控股 电视 电子 科技 汽车 航空 人寿 保险 创投 资产 能源 电力 集团 地产 置地 体育 视频
    半导体 生技 制药 医药 物流 地产 置业 传媒 影业 光电 化工 钢铁 石化 重工 实业 精密 通讯 电机""".split()
)
#: Of those, the ones a place before makes a firm's name (亞太電信, 中國移動, 日本航空), rather
#: than a description (美國科技, 台灣電子).
PLACE_COMPANY_SUFFIXES = frozenset(["电信", "电讯", "证券", "航空", "人寿", "高铁", "移动", "地产", "置地"])
#: One-character suffixes, which only count as a word of their own (統計/處) or glued to a
#: title (室主任).
#: A place before one of these is a team or a delegation: 尼日利亚队, 中国女队, 古巴代表团.
TEAM_SUFFIXES = ("队", "代表团", "国家队", "代表队", "女队", "男队", "足球队", "篮球队", "排球队")
#: A place right before a public body ending so is part of its name: 美国 + 财政部,
#: 山西省 + 残联, 德国 + 联邦铁路局 (but 美国 + 苹果公司 are two names).
GOVERNMENT_SUFFIXES = ("部", "局", "署", "厅", "委", "委员会", "议会", "法院", "妇联", "残联", "科协", "政协", "办公室", "检察院", "海关")
ONE_CHAR_ORG_SUFFIXES = frozenset("部局署处厅室院所")
#: A name ending like this is a venue, a place (香港文化中心大劇院, 上海展覽中心).
VENUE_SUFFIXES = (
    "剧院", "戏院", "影院", "音乐厅", "体育馆", "体育场", "展览中心", "会展中心", "文化中心", "博览中心", "广场", "公园", "大厦", "商场", "美术馆",
    "巨蛋", "体育园", "体育中心", "运动场", "竞技场", "球场", "机场", "航站楼", "会议中心", "主场馆", "场馆",
)
#: A name ending like this is an event (香港亞洲電影節, 上海書展): the place in it is not marked.
EVENT_SUFFIXES = ("电影节", "书展", "博览会", "展览会", "交易会", "大会", "论坛", "峰会", "艺术节", "音乐节", "文化节", "电影周", "马拉松", "运动会", "奥运会", "世博会", "亚运会", "双年展", "时装周", "之夜", "嘉年华",
                  "挑战赛", "季后赛", "锦标赛", "联赛", "总决赛", "公开赛", "大奖赛", "邀请赛", "巡回赛", "世界杯", "亚洲杯")
#: Quoted text ending like this names an institution (「可信任AI評測中心」); quoted 圖書館 or
#: 醫院 are more often descriptions (「影子圖書館」).
QUOTED_ORG_SUFFIXES = ("中心", "委员会", "研究院", "研究所", "基金会", "协会", "学会", "联盟", "公司", "集团", "办公室", "工作室")
#: Suffixes that make a name a place when they end it (古洞站, 深江铁路).
PLACE_SUFFIXES = tuple(
    sorted(
        """
        站 线 铁路 城际 机场 口岸 大桥 隧道 码头 港口 市 县 区 省 镇 乡 村 街 路 大道 湾 岛 山 湖 河 江 溪
        园区 科技园 科学城 新城 新区 广场 公园 球场 棒球场 体育场 车站 航站楼 国际机场
        """.split(),
        key=len,
        reverse=True,
    )
)
#: Quoted names ending like this are products (「可信任AI对话引擎」).
PRODUCT_SUFFIXES = ("引擎", "平台", "app", "应用程式", "应用程序", "小程序", "助手", "助理", "模型", "大模型", "手机", "芯片", "晶片", "处理器")
#: Quoted text ending like this is a plan, a policy or an award, never a product.
NOT_PRODUCT_SUFFIXES = ("计划", "计画", "方案", "政策", "条款", "行动", "项目", "活动", "展", "节", "奖", "法", "条例", "办法", "原则", "制度", "机制", "标准")
#: Administrative suffixes: a short place grows into them (台北|市); a district ending with one
#: does not grow into the street after it (靜安區 + 延安中路).
ADMIN_SUFFIXES = frozenset("市县区省州镇乡村")
#: Rail operators, part of the name of a line or a station (高铁嘉义站).
RAIL_OPERATORS = frozenset(["高铁", "台铁", "捷运", "地铁", "港铁", "轻轨", "国铁"])
#: Institutions a place before them only describes (美國法院: the place, not an organisation).
GENERIC_INSTITUTIONS = ("法院", "国会", "议会", "军队", "部队", "警方", "当局", "政委员会")

# --- checks on the statistical model's names ------------------------------------------------

#: The single-character surnames of the Hundred Family Surnames (百家姓), for checking the
#: model's names (the rule layers keep the shorter, commoner SURNAMES).
ALL_SURNAMES = frozenset(
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎鲁韦昌马苗凤花方"
    "俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄和穆萧尹姚邵湛汪祁毛禹狄米贝明"
    "臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管"
    "卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫乌"
    "焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖"
    "卓蔺屠蒙池乔阴胥能苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍却璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习"
    "宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾毋沙"
    "乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公仉督岳帅缑亢况郈有琴归海晋楚闫法汝鄢涂钦商牟佘佴伯赏墨哈谯笪年爱阳佟"
    "肖"  # the common modern form of 萧
)
#: Reign titles of the Ming and Qing (宣德青花, 乾隆年间): an era, not a person.
REIGN_TITLES = frozenset(
    "洪武 建文 永乐 洪熙 宣德 正统 景泰 天顺 成化 弘治 正德 嘉靖 隆庆 万历 泰昌 天启 崇祯 顺治 康熙 雍正 乾隆 嘉庆 道光 咸丰 同治 光绪 宣统".split()
)
#: The dots between the parts of a transliterated name (泰勒·布鲁克斯).
NAME_DOTS = "·‧•・"
#: Forms of address that end (王小姐, 胡老, 陈伯) or start (老王, 小李, 阿明) a name-like word.
FORMS_OF_ADDRESS = ("先生", "女士", "小姐", "太太", "夫人", "老师", "老", "总", "家", "们", "伯", "叔", "姨", "婶", "哥", "姐", "嫂", "妈", "爸", "公", "婆", "某")
FORMS_OF_ADDRESS_BEFORE = ("老", "小", "阿")
#: Characters transliterated foreign names are written with (奥尔布赖特, 哈里森).
TRANSLITERATION_CHARS = frozenset(
    "阿埃艾爱安昂奥巴拜班邦鲍贝本比彼毕宾波伯博布达戴黛丹道德登迪蒂丁东杜多厄恩尔法范菲费芬丰弗福盖甘冈高戈格"
    "哥古瓜圭哈海汉豪赫黑亨洪胡华霍基吉加贾杰捷金京卡凯坎康考柯科克肯库夸奎拉莱赖兰朗劳勒雷蕾里利莉丽连林琳"
    "隆卢鲁路伦罗洛马玛迈麦曼芒梅门蒙米敏明缪莫默姆穆纳娜奈南内妮尼涅宁纽努诺欧帕潘庞佩蓬皮珀普奇齐恰乔切钦"
    "琼丘屈让若萨塞赛桑瑟森沙莎善尚舍申圣施什史舒斯丝松苏索塔泰坦汤唐陶特提廷通图托瓦万旺威韦维温文沃乌武西"
    "希锡夏谢辛欣休许雅亚扬耶伊因英尤于约泽扎詹珍兹佐茨茜坎"
)
#: Words after a place that make it part of a dish or a food (兰州拉面, 台南牛肉汤, 泰国菜).
FOOD_WORDS = (
    "菜", "料理", "小吃", "美食", "拉面", "面条", "牛肉", "羊肉", "猪肉", "鸡肉", "鸭", "鹅", "鱼丸", "肉丸", "牛丸",
    "火锅", "串串", "烧烤", "烤鸭", "臭豆腐", "豆腐", "豆干", "米粉", "米线", "粉丝", "炒饭", "汤", "粥", "糕", "饼",
    "包子", "饺子", "馄饨", "点心", "黄酒", "白酒", "啤酒", "咖啡", "奶茶", "茶餐", "黑轮",
)
#: Words the model takes for places or organisations that name no single one.
GENERIC_PLACES = frozenset(
    ["新市镇", "市区", "郊区", "城区", "国内", "海外", "内地", "本港", "大陆", "当地", "全国", "各地", "景区", "古城", "老城", "市中心", "本地", "外地", "境外", "境内"]
)
#: Chinese numerals: a word starting with one counts places (六县), it names none.
NUMERAL_CHARS = frozenset("一二两三四五六七八九十百千几数")
#: Generic words after a place that are not part of its name: 亚洲 + 地区, 青藏高原 + 东部,
#: 亚洲 + 各国, 香港 + 市民 (the place is the name; MSRA marks it so too).
GENERIC_PLACE_TAILS = tuple(
    sorted(
        "地区 各国 各地 一带 地带 境内 全境 北部 南部 东部 西部 中部 东北部 西北部 东南部 西南部 市民 居民 城市 市区 之乡".split(),
        key=len,
        reverse=True,
    )
)
GENERIC_ORGS = frozenset(["市府", "县府", "政府", "航空公司", "主办单位", "球团", "警方", "当局", "公司", "集团", "银行", "法院", "本报", "新华社记者"])
