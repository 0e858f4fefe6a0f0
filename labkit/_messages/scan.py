"""Messages for scan_ports and grab_banner (notebook 07)."""

MESSAGES: dict[str, dict[str, str]] = {
    "scan_not_loopback": {
        "en": "{func} refuses host={value!r}: only this computer may be scanned "
              "(127.0.0.0/8, ::1 or 'localhost'; host names are not looked up). "
              "No packet was sent. Scanning another computer without its owner's written "
              "permission is an attack and may be against the law or your school's rules. "
              "Cure: scan '127.0.0.1', where your own LabServers run.",
        "ja": "{func} は host={value!r} を拒否しました。調べてよいのはこのパソコンだけです "
              "(127.0.0.0/8、::1、'localhost'。ホスト名は名前解決しません)。"
              "パケットは 1 つも送っていません。持ち主の書面による許可なく他人のコンピュータを"
              "スキャンするのは攻撃であり、法律や学校の規則に反することがあります。"
              "対処: 自分の LabServer が動いている '127.0.0.1' をスキャンします。",
    },
    "scan_too_many": {
        "en": "ports: {count} ports asked, at most {limit} per call. "
              "Cure: scan a smaller range, e.g. range(49152, 49172).",
        "ja": "ports: {count} 個のポートが指定されました。1 回に調べられるのは {limit} 個までです。"
              "対処: range(49152, 49172) のように範囲を狭くします。",
    },
    "scan_no_ports": {
        "en": "ports: nothing to scan. Cure: give a range, e.g. range(49152, 49172).",
        "ja": "ports: 調べるポートがありません。対処: range(49152, 49172) のように指定します。",
    },
    "scan_summary": {
        "en": "scan of {host}: {scanned} ports ({first}-{last}), {nopen} open",
        "ja": "{host} のスキャン: {scanned} 個のポート ({first}～{last})、"
              "開いているもの {nopen} 個",
    },
    "scan_open_line": {
        "en": "  {port}/tcp open",
        "ja": "  {port}/tcp 開いている (open)",
    },
}
