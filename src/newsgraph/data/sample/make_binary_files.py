"""Rebuild the byte-level files of the sample corpus from the UTF-8 texts kept here.

    python src/newsgraph/data/sample/make_binary_files.py

Writes (deterministically: fixed timestamps, no randomness):

- encodings/  windows-1256 Arabic, cp1258 Vietnamese (decomposed tone marks), UTF-16 with BOM
              Chinese, latin-1 French
- archives/   bundle.zip (3 members, fixed member dates) and ru-admm-vientiane.txt.gz (mtime 0)
- bad/        scan.txt (a real PNG under a .txt name), empty.txt, whitespace.txt

The texts below are the only sources of those files; everything else in the corpus is plain
UTF-8 and is edited directly. All articles were written by the newsgraph team (see README.md).
"""

from __future__ import annotations

import gzip
import io
import struct
import unicodedata
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent / "corpus"  # the corpus itself; docs stay beside this script
ZIP_DATE = (2025, 1, 1, 0, 0, 0)

# --------------------------------------------------------------------------- encodings/

AR_PEACEKEEPING = """\
 date 2024-11-06 مستشفى ميداني فيتنامي جديد يتوجه إلى جنوب السودان

نظمت وزارة الدفاع الوطني الفيتنامية صباح يوم 5 نوفمبر في هانوي مراسم توديع المستشفى الميداني من المستوى الثاني رقم 6، الذي سينضم إلى بعثة الأمم المتحدة في جنوب السودان (أونميس) في مدينة بانتيو.

وحث نائب وزير الدفاع الوطني الفريق أول هوانغ شوان تشين الأطباء والممرضين البالغ عددهم 63 شخصا على الالتزام الصارم بتفويض الأمم المتحدة، والاستعداد الدائم لعلاج الجرحى والمرضى، ومساعدة السكان المحليين.

وسيحل المستشفى رقم 6 محل المستشفى رقم 5 الذي أوشكت مهمته التي استمرت عاما على الانتهاء. ويضم الفريق الجديد عددا من الطبيبات والممرضات.

ومنذ عام 2014، أرسلت فيتنام نحو ألف ضابط وجندي للمشاركة في عمليات حفظ السلام التابعة للأمم المتحدة في جنوب السودان وجمهورية أفريقيا الوسطى وأبيي ومقر الأمم المتحدة.

فونغ لينه
مصدر
تعليق (0)
"""

VI_DIEN_BIEN_PHU = """\
 date 2024-05-07 Trọng thể Lễ kỷ niệm 70 năm Chiến thắng Điện Biên Phủ

Sáng 7/5, tại Sân vận động tỉnh Điện Biên, Đảng, Nhà nước, Quân đội và nhân dân ta trọng thể tổ chức Lễ kỷ niệm 70 năm Chiến thắng Điện Biên Phủ (7/5/1954 - 7/5/2024).

Đọc diễn văn tại buổi lễ, Thủ tướng Chính phủ Phạm Minh Chính khẳng định Chiến thắng Điện Biên Phủ là mốc son chói lọi, mở ra trang sử mới cho dân tộc và cổ vũ mạnh mẽ phong trào giải phóng dân tộc trên thế giới.

Hơn 12.000 người thuộc các khối quân đội, công an, dân quân tự vệ và cựu chiến binh tham gia diễu binh, diễu hành; biên đội trực thăng và tiêm kích Su-30MK2 bay qua lễ đài.

Đại tướng Phan Văn Giang, Bộ trưởng Bộ Quốc phòng cho rằng lễ kỷ niệm là dịp để giáo dục thế hệ trẻ về lòng yêu nước, ý chí kiên cường của các thế hệ cha anh đã chiến đấu tại Điện Biên Phủ.

Đại diện các nước Lào, Campuchia và Pháp đã tới dự buổi lễ.

Bình luận (0)
"""

ZH_DIEN_BIEN_PHU = """\
 date 2024-05-07 越南隆重纪念奠边府大捷70周年

越通社奠边府5月7日电　越南7日上午在奠边省体育场隆重举行奠边府大捷70周年纪念典礼。

越南政府总理范明政在典礼上发表讲话指出，奠边府大捷是越南民族历史上的光辉里程碑，也极大鼓舞了世界各地的民族解放运动。

超过1.2万人参加了阅兵和群众游行，越南空军直升机和苏-30MK2战机编队飞越主席台。

越南国防部部长潘文江大将表示，纪念活动是对青年一代进行爱国主义教育的重要契机。老挝、柬埔寨和法国代表出席了典礼。

（责任编辑：陈玉）
"""

FR_DIEN_BIEN_PHU = """\
title: Diên Biên Phu célèbre les 70 ans de sa victoire
date: 2024-05-07
source: Journal francophone (édition en ligne)

Des milliers de militaires, d'anciens combattants et d'habitants ont participé mardi à Diên Biên Phu à la cérémonie et au défilé marquant le 70e anniversaire de la victoire qui mit fin à la domination coloniale française en Indochine.

Dans son discours au stade provincial, le Premier ministre Pham Minh Chinh a qualifié la bataille de 1954 de « jalon d'or » de l'histoire nationale, et de source d'inspiration pour les peuples opprimés du monde entier.

Plus de 12.000 personnes ont défilé, tandis que des hélicoptères et des chasseurs de l'armée de l'air survolaient la vallée.

Des représentants du Laos, du Cambodge et de la France assistaient à la cérémonie, retransmise en direct par la télévision nationale.

Partager : Facebook - X - Courriel
"""

# --------------------------------------------------------------------------- archives/

EN_EXPO_CLOSING = """\
 date 2024-12-22 Defence expo closes after four days of deals and displays

HÀ NỘI — The Việt Nam International Defence Expo 2024 closed on Sunday at Gia Lâm Airport after four days that drew tens of thousands of visitors.

According to the Ministry of National Defence, domestic and foreign companies signed a number of agreements and memoranda of understanding on defence industry cooperation during the event, including on technology transfer and joint research.

Foreign exhibitors included large pavilions from Russia, the United States, France, Israel and the Republic of Korea, while Viettel and other Vietnamese firms showed radars, drones and communications equipment developed at home.

Minister of National Defence General Phan Văn Giang said the expo had helped build trust and expand international cooperation, in line with the country's defence policy of peace and self-defence. — VNS
"""

VI_RET_DAM_HTML = """\
<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Miền Bắc đón đợt rét đậm, vùng núi có nơi dưới 5 độ C</title>
<link rel="canonical" href="https://thoitiet.example.vn/tin-tuc/mien-bac-don-dot-ret-dam-1219.html">
<meta property="article:published_time" content="2024-12-19T06:30:00+07:00">
</head>
<body>
<nav><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a> <a href="/thoi-tiet">Thời tiết</a> <a href="/doi-song">Đời sống</a></nav>
<article>
<h1>Miền Bắc đón đợt rét đậm, vùng núi có nơi dưới 5 độ C</h1>
<p>Theo Trung tâm Dự báo khí tượng thủy văn quốc gia, từ chiều 19/12, một đợt không khí lạnh mạnh tràn về các tỉnh miền Bắc, gây rét đậm, rét hại trên diện rộng.</p>
<p>Nhiệt độ thấp nhất tại vùng núi cao như Sa Pa (Lào Cai), Mẫu Sơn (Lạng Sơn) có thể xuống 3 - 5 độ C, khả năng xuất hiện băng giá và sương muối. Tại Hà Nội, nhiệt độ thấp nhất khoảng 11 - 13 độ C.</p>
<p>Cơ quan khí tượng khuyến cáo người dân chủ động giữ ấm, che chắn chuồng trại cho gia súc và bảo vệ cây trồng; các trường học có thể cho học sinh nghỉ khi nhiệt độ xuống dưới 7 độ C.</p>
</article>
<div class="share">Chia sẻ: Facebook | Zalo</div>
<footer>© 2024 Thời tiết Example. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</footer>
<script>trackView("ret-dam");</script>
</body>
</html>
"""

AR_REUNIFICATION = """\
عرض عسكري كبير في مدينة هو تشي منه بمناسبة الذكرى الخمسين لإعادة توحيد البلاد

أقيم صباح يوم 30 أبريل في وسط مدينة هو تشي منه عرض عسكري ومدني ضخم احتفالا بالذكرى الخمسين لتحرير الجنوب وإعادة توحيد البلاد (1975-2025).

وألقى الأمين العام للحزب الشيوعي الفيتنامي تو لام كلمة أشاد فيها بتضحيات الأجيال السابقة من أجل الاستقلال، ودعا الشعب إلى جعل الوحدة الوطنية قوة دافعة للتنمية في العصر الجديد.

وسارت تشكيلات جيش الشعب الفيتنامي والأمن العام في شارع لي زوان أمام قصر الاستقلال، بمشاركة وحدات من لاوس وكمبوديا والصين، فيما حلقت مروحيات تحمل العلم الوطني فوق المدينة.

وكالة أنباء فيتنام
"""

RU_ADMM = """\
 date 2024-11-21 Министр обороны Вьетнама принял участие в совещании ADMM-18 во Вьентьяне

Вьентьян, 21 ноября. Министр национальной обороны Вьетнама генерал армии Фан Ван Зянг принял участие в 18-м совещании министров обороны стран АСЕАН (ADMM-18), которое провёл Лаос как страна-председатель Ассоциации в 2024 году.

Выступая на совещании, вьетнамский министр призвал укреплять солидарность и центральную роль АСЕАН, полностью выполнять Декларацию о поведении сторон в Восточном море и как можно скорее принять эффективный Кодекс поведения в соответствии с международным правом, включая Конвенцию ООН по морскому праву 1982 года.

Министры подписали совместную декларацию и одобрили новые инициативы, в том числе по сотрудничеству в области ликвидации последствий стихийных бедствий.

На полях совещания Фан Ван Зянг провёл двусторонние встречи с коллегами из Лаоса, Камбоджи и Сингапура.

Источник: ВИА
Поделиться
"""

# --------------------------------------------------------------------------- helpers


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below


def cp1258_bytes(text: str) -> bytes:
    """cp1258 holds base letters (â ê ô ơ ư ă đ) precomposed and tone marks as combining characters.

    A letter the code page lacks (ệ, ử, ...) is decomposed (NFD), its shape marks recomposed onto
    the base letter and its tone mark written after it as a combining character.
    """
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
            out += (base + "".join(c for c in parts if c in TONE_MARKS)).encode("cp1258")
    return bytes(out)


def png_bytes(width: int = 26, height: int = 26, seed: int = 20241219) -> bytes:
    """A real, deterministic PNG (stored deflate, so every zlib gives the same bytes)."""
    state = seed
    rows = bytearray()
    for _ in range(height):
        rows.append(0)
        for _ in range(width * 3):
            state = (1103515245 * state + 12345) & 0x7FFFFFFF
            rows.append(state >> 23)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(bytes(rows), 0)) + chunk(b"IEND", b""))


def zip_bytes(members: list[tuple[str, str]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, text in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


def gzip_bytes(name: str, text: str) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(filename=name, mode="wb", fileobj=buf, mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    return buf.getvalue()


ZIP_MEMBERS = [
    ("en-expo-closing.txt", EN_EXPO_CLOSING),
    ("vi-ret-dam.html", VI_RET_DAM_HTML),
    ("ar-reunification.txt", AR_REUNIFICATION),
]


def files() -> dict[str, bytes]:
    """Every generated path (relative to this folder) and its bytes."""
    return {
        "encodings/ar-peacekeeping-cp1256.txt": AR_PEACEKEEPING.encode("cp1256"),
        "encodings/vi-dienbienphu-cp1258.txt": cp1258_bytes(VI_DIEN_BIEN_PHU),
        "encodings/zh-dienbienphu-utf16.txt": b"\xff\xfe" + ZH_DIEN_BIEN_PHU.encode("utf-16-le"),
        "encodings/fr-dienbienphu-latin1.txt": FR_DIEN_BIEN_PHU.encode("latin-1"),
        "archives/bundle.zip": zip_bytes(ZIP_MEMBERS),
        "archives/ru-admm-vientiane.txt.gz": gzip_bytes("ru-admm-vientiane.txt", RU_ADMM),
        "bad/scan.txt": png_bytes(),
        "bad/empty.txt": b"",
        "bad/whitespace.txt": b"   \n\t\n  \r\n\n",
    }


def main() -> None:
    for rel, data in files().items():
        path = HERE / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{len(data):6d}  {rel}")
    # round-trip checks: what a reader decodes must be the text above
    vi = (HERE / "encodings/vi-dienbienphu-cp1258.txt").read_bytes().decode("cp1258")
    assert unicodedata.normalize("NFC", vi) == unicodedata.normalize("NFC", VI_DIEN_BIEN_PHU)
    assert (HERE / "encodings/zh-dienbienphu-utf16.txt").read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")


if __name__ == "__main__":
    main()
