"""Fictional people for the demo district: a name per username, the same on every run."""

import hashlib

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "建国志强海峰文华秀英明辉丽娟晓东永红春梅宏伟立新玉兰国庆红霞德明淑珍振华桂芳光明"
    "凤英学军秀兰建华俊杰婷婷浩然子涵欣怡雨轩思源嘉怡宇航佳琪博文梓萱"
)


def demo_name(username: str) -> str:
    """A two- or three-character Chinese name derived from the username (deterministic)."""
    digest = hashlib.sha256(username.encode()).digest()
    surname = SURNAMES[digest[0] % len(SURNAMES)]
    first = GIVEN[digest[1] % len(GIVEN)]
    if digest[2] % 4 == 0:
        return surname + first
    return surname + first + GIVEN[digest[3] % len(GIVEN)]


def demo_phone(username: str) -> str:
    """A mobile number in a block reserved for the demo, derived from the username."""
    digest = hashlib.sha256(username.encode()).hexdigest()
    return f"1390000{int(digest[:8], 16) % 10000:04d}"
