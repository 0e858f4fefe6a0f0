"""Messages for class_server and its banner (teacher's guide)."""

MESSAGES: dict[str, dict[str, str]] = {
    "class_opt_in": {
        "en": "class_server(host={host!r}) would let every computer on your network connect "
              "to this server. Cure: if you are the teacher and mean it, pass "
              "allow_remote=True: labkit.class_server(host={host!r}, port={port}, "
              "allow_remote=True). To rehearse on this computer only, use host='127.0.0.1'.",
        "ja": "class_server(host={host!r}) では、同じネットワークのすべてのパソコンがこのサーバに"
              "接続できるようになります。対処: 先生が意図して使う場合だけ allow_remote=True を"
              "付けます: labkit.class_server(host={host!r}, port={port}, allow_remote=True)。"
              "このパソコンだけで試すなら host='127.0.0.1' にします。",
    },
    "class_heading": {
        "en": "Classroom server on {host}:{port}",
        "ja": "授業用サーバ {host}:{port}",
    },
    "class_students": {
        "en": "Students type this address into their panel, then click Connect:",
        "ja": "生徒はパネルにこのアドレスを入力し、Connect (接続) を押します:",
    },
    "class_no_address": {
        "en": "No network address found on this computer: is it connected to the network?",
        "ja": "このパソコンにネットワークのアドレスが見つかりません。"
              "ネットワークに接続していますか?",
    },
    "class_rehearsal": {
        "en": "Rehearsal: {host} is a loopback address, so only this computer can connect.",
        "ja": "リハーサル: {host} はループバックアドレスなので、"
              "このパソコンからしか接続できません。",
    },
    "class_stop": {
        "en": "Stop it when the class ends: server.stop()",
        "ja": "授業が終わったら停止します: server.stop()",
    },
}
