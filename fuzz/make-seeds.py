#!/usr/bin/env python3
"""Writes the generated seed corpora of fuzz/corpus/ (fuzz/README.md): batches (plain and
gzip), screen inputs with Vietnamese prompts, LCDd replies, and configs. Run it again after
changing a format; hand-made seeds live beside the generated ones (names not starting with gen-)."""
import gzip, json, os, shutil

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")

def write(target, name, data):
    folder = os.path.join(root, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "gen-" + name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))

def clear(target):
    folder = os.path.join(root, target)
    for name in os.listdir(folder) if os.path.isdir(folder) else []:
        if name.startswith("gen-"):
            os.remove(os.path.join(folder, name))

# --- batch: first line Content-Encoding (empty: none), then the body ---
time = {"wall_ms": 1795000000000, "boot_id": "6f1c2d3e-aaaa-bbbb-cccc-1234567890ab", "mono_ns": 123456789, "synced": True}
unsynced = dict(time, wall_ms=1000, synced=False)
rating = lambda seq, score, **extra: dict({"seq": seq, "id": "r%d" % seq, "score": score, "flags": [], "site": "Điện lực Ba Đình",
                                           "counter": "Quầy 3", "time": time}, **extra)
batches = {
    "empty": {"version": 1, "device_id": "HN-BD-Q3", "store_id": "s1", "sent_at": time, "queue_depth": 0, "ratings": []},
    "ratings": {"version": 1, "device_id": "HN-BD-Q3", "store_id": "s1", "sent_at": time, "queue_depth": 3,
                "ratings": [rating(1, 5), rating(2, 1, flags=["repeat"]), rating(3, 3, time=unsynced)]},
    "all-kinds": {"version": 1, "device_id": "HN-BD-Q3", "store_id": "s1", "sent_at": time, "queue_depth": 4,
                  "ratings": [rating(7, 2, window={"ticket": "A012", "staff": "nv7", "opened_at": time})],
                  "amendments": [{"seq": 1, "rating_seq": 7, "kind": "reason", "value": "waiting_time", "time": time},
                                 {"seq": 2, "rating_seq": 7, "kind": "flag", "value": "burst", "time": time}],
                  "unrated_services": [{"seq": 1, "ticket": None, "staff": "nv7", "opened_at": time, "closed_at": time}],
                  "device_events": [{"seq": 1, "kind": "selftest", "time": time,
                                     "detail": {"passed": True, "failures": 0, "checks": ["buttons", "display"], "ratio": 0.5, "note": None}}]},
    "bad-version": {"version": 2, "device_id": "x", "store_id": "s", "sent_at": time, "queue_depth": 0, "ratings": []},
}
clear("batch")
for name, batch in batches.items():
    body = json.dumps(batch, ensure_ascii=False, sort_keys=True).encode("utf-8")
    write("batch", name + ".json", b"\n" + body)
    write("batch", name + ".gzip", b"gzip\n" + gzip.compress(body, mtime=0))
write("batch", "identity.json", b"identity\n" + json.dumps(batches["empty"]).encode())
write("batch", "x-gzip-truncated", b"x-gzip\n" + gzip.compress(b'{"version": 1}', mtime=0)[:-6])
write("batch", "br", b"br\n{}")
write("batch", "not-json", b"\nversion=1")

# --- screen: columns, rows, flags, screen choice, number, 8 CGRAM slot picks, then text ---
prompts = ["Mời quý khách đánh giá", "Bấm 1 (tệ) - 5 (tốt)", "Cảm ơn quý khách!", "Vì sao quý khách chưa hài lòng?",
           "Thời gian chờ lâu", "ă â đ ê ô ơ ư", "á à ả ã ạ", "ĐIỆN LỰC BA ĐÌNH", "Quầy 3",
           "Cảm ơn quý khách!\nBạn chọn 5 - Rất tốt",
           "Ca\u0301m o\u031bn quy\u0301 kha\u0301ch",  # decomposed (NFD) input
           "Mời đánh giá ặẳẵằắ ỡởờớợ ữửừứự ỹỷỳýỵ", "ascii only ~\\ {}"]
clear("screen")
for index, text in enumerate(prompts):
    for flags in (0b1110, 0b0100, 0b0011, 0b1000):
        head = bytes([index * 7 % 33, index % 4, flags, index * 17 % 256, index, 0, 1, 2, 4, 5, 7, 8, 11])
        write("screen", "%02d-%d" % (index, flags), head + text.encode("utf-8"))

# --- lcdproc: lines as LCDd sends them ---
clear("lcdproc")
replies = {
    "connect": "connect LCDproc 0.5.9 protocol 0.3 lcd wid 20 hgt 2 cellwid 5 cellhgt 8",
    "connect-4": "connect LCDproc 0.5.7 protocol 0.4 lcd wid 20 hgt 4 cellwid 5 cellhgt 8",
    "session": "success\nlisten rt\nignore rt\nsuccess\nhuh? Invalid command \"foo\"\nkey Enter\nmenuevent select _client_menu_",
    "refusals": "huh?   \nhuh? Screen already exists\nhuh?\nhuh? You must send \"hello\" first",
    "listen": "listen s1\nignore s1",
    "row-text": "Cảm ơn \"quý\" khách \\n {braces} 'q' ~",
    "odd": "connect wid\nconnect wid -3 hgt 99999999999999999999\nsuccess \n success",
}
for name, text in replies.items():
    write("lcdproc", name, text + "\n")

# --- config: the example and small variants ---
clear("config")
os.makedirs(os.path.join(root, "config"), exist_ok=True)
example = os.path.join(os.path.dirname(root), "..", "hardware", "terminal.example.toml")
shutil.copy(example, os.path.join(root, "config", "gen-terminal.example.toml"))
configs = {
    "minimal.toml": '[device]\nid = "HN-BD-Q3"\n[collector]\nurl = "http://127.0.0.1:8080"\n',
    "keyboard.toml": '[device]\nid = "dev-1"\nsite = \'Điện lực\'\n[collector]\nurl = "https://r.example.vn"\n'
                     '[buttons]\ndriver = "keyboard"\n[display]\ndriver = "console"\nsize = "20x4"\nlanguage = "en"\n'
                     '[session]\nmode = "counter"\ntrigger_listen = "unix:/run/rating-terminal/trigger.sock"\n',
    "gpio.toml": '[device]\nid = "d"\n[collector]\nurl = "http://c:1"\n[buttons]\nlines = [\n  "GPIO5", 6,   # offsets too\n'
                 '  "GPIO13", 0x13, 0b11010,\n]\nleds = []\nstaff_line = 21\n[display]\ni2c_address = 0x3f\nbaud = 1_200\n'
                 '[storage]\nkeep_uploaded_days = 7\n',
    "errors.toml": '[device]\nid = "x"\n[[collector]]\nurl = {a = 1}\n[display]\nsize = "16x2"\nsize = "20x2"\n',
    "escapes.toml": '[device]\nid = "a.b_c-1"\nsite = "tab\\there \\"q\\" \\u00E0 \\U0001F600 # not a comment"\n'
                    '[collector]\nurl = "http://x.y"  # comment\n',
}
for name, text in configs.items():
    write("config", name, text)
