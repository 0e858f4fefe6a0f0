"""Messages for check_exercise: headings, hints and verdicts (notebooks 09, 10)."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- headings ---------------------------------------------------------
    "chk_head_pass": {"en": "PASS  {name}:", "ja": "合格  {name}:"},
    "chk_head_todo": {"en": "NOT DONE YET  {name}:", "ja": "未回答  {name}:"},
    "chk_head_fail": {"en": "TRY AGAIN  {name}:", "ja": "もう一息  {name}:"},
    "chk_todo": {
        "en": "write {func}() in the cell above (replace the ...), run that cell, "
              "then run this one again.",
        "ja": "上のセルの {func}() の ... を自分のコードに書き換えて実行し、"
              "もう一度このセルを実行してください。",
    },
    "chk_unknown": {
        "en": "exercise {name!r} does not exist: allowed {allowed}. "
              "Cure: check_exercise('echo', my_echo).",
        "ja": "課題 {name!r} はありません。使えるのは {allowed} です。"
              "対処: check_exercise('echo', my_echo) のように指定します。",
    },
    "chk_not_callable": {
        "en": "pass the function itself, not its result: check_exercise({name!r}, {func}) "
              "without (), got {value!r}.",
        "ja": "関数そのものを渡してください (呼び出した結果ではなく): "
              "check_exercise({name!r}, {func}) のように () を付けません。渡された値: {value!r}",
    },
    # --- passes -------------------------------------------------------------
    "chk_pass_echo": {
        "en": "{clients} clients, {total:,} bytes echoed exactly, also when they arrived "
              "in pieces.",
        "ja": "{clients} 台のクライアントに、分割されて届いた分も含め {total:,} バイトを"
              "そのまま返せました。",
    },
    "chk_pass_client": {
        "en": "you read every byte ({total:,} in all) until the server closed, also when the "
              "reply came in pieces.",
        "ja": "応答が分割されて届いても、サーバが閉じるまで全 {total:,} バイトを読めました。",
    },
    "chk_pass_upper": {
        "en": "{clients} replies in upper case, including non-ASCII text cut in the middle "
              "of a character.",
        "ja": "文字の途中で分割された日本語・非 ASCII 文字を含め、{clients} 件を大文字にして"
              "返せました。",
    },
    "chk_pass_send_msg": {
        "en": "{count} messages framed exactly (4-byte big-endian length, then the data), "
              "including an empty one.",
        "ja": "空のメッセージを含む {count} 件を正しく区切れました (4 バイトのビッグエンディアンの"
              "長さ + データ)。",
    },
    "chk_pass_recv_msg": {
        "en": "{count} messages received whole and one at a time, although the stream was "
              "cut in awkward places.",
        "ja": "ストリームが中途半端な位置で分割されていても、{count} 件のメッセージを 1 件ずつ"
              "欠けずに受け取れました。",
    },
    # --- hints about what the learner's code raised -------------------------
    "chk_raised": {
        "en": "your {func}() raised {error}. Read the message, fix the line it names, "
              "and run both cells again.",
        "ja": "{func}() でエラー {error} が起きました。メッセージが示す行を直して、"
              "2 つのセルをもう一度実行してください。",
    },
    "chk_str_not_bytes": {
        "en": "your {func}() sent a str, but sockets carry bytes ({error}). "
              "Cure: send data as received, or text.encode('utf-8').",
        "ja": "{func}() が str を送ろうとしました。ソケットで送れるのは bytes です ({error})。"
              "対処: 受け取った bytes をそのまま送るか、text.encode('utf-8') で bytes にします。",
    },
    "chk_unicode_split": {
        "en": "UnicodeDecodeError: you decoded a piece that ended in the middle of a "
              "character (TCP may cut anywhere). Cure: collect every byte until recv "
              "returns b'', then decode once.",
        "ja": "UnicodeDecodeError: 文字の途中で切れた断片を decode しました (TCP はどこででも"
              "分割されます)。対処: recv が b'' を返すまで全部のバイトを集めてから、"
              "最後に 1 回だけ decode します。",
    },
    "chk_runaway": {
        "en": "your {func}() kept calling recv after it returned b'' (the other side had "
              "closed), so it never stopped. Cure: leave the loop when recv returns b'' "
              "(bytes: write `if not data: break`; comparing with '' is never true).",
        "ja": "{func}() は recv が b'' (相手が閉じた印) を返した後も recv を呼び続け、"
              "終わりませんでした。対処: recv が b'' を返したらループを抜けます "
              "(`if not data: break`。'' (str) と比べても一致しません)。",
    },
    "chk_handler_waited": {
        "en": "your {func}() waited for data that never came: the client had sent "
              "everything and closed its side. Cure: stop reading when recv returns b''.",
        "ja": "{func}() は来ないデータを待ち続けました。クライアントは全部送って送信側を"
              "閉じています。対処: recv が b'' を返したら読むのをやめます。",
    },
    # --- hints for servers (echo, upper) -----------------------------------
    "chk_empty_reply": {
        "en": "your server replied b'' (nothing) to {sent}. Did you sendall the data "
              "back to the client? (client.sendall(data))",
        "ja": "{sent} に対してサーバの応答が b'' (空) でした。受け取ったデータを "
              "client.sendall(data) で送り返しましたか?",
    },
    "chk_partial_echo": {
        "en": "you echoed only the first {got:,} of {want:,} bytes: one recv returns "
              "whatever has arrived so far. Cure: loop until recv returns b''.",
        "ja": "{want:,} バイト中、最初の {got:,} バイトしか返していません。recv 1 回で"
              "返るのはその時点までに届いた分だけです。対処: recv が b'' を返すまで繰り返します。",
    },
    "chk_reset": {
        "en": "your server closed the connection before reading everything the client sent "
              "(the client got a reset): one recv returns only what has arrived so far. "
              "Cure: loop until recv returns b'', then close.",
        "ja": "クライアントが送ったデータを読み終える前にサーバが接続を閉じました (クライアント側で"
              "リセット)。recv 1 回で返るのはその時点までに届いた分だけです。"
              "対処: recv が b'' を返すまで繰り返してから閉じます。",
    },
    "chk_no_close": {
        "en": "your server never closed the connection, so the client waited {timeout} s "
              "for the end of the reply. Cure: return from the handler (or client.close()) "
              "once recv returns b''.",
        "ja": "サーバが接続を閉じないため、クライアントは応答の終わりを {timeout} 秒待ちました。"
              "対処: recv が b'' を返したらハンドラから return します (または client.close())。",
    },
    "chk_wrong_reply": {
        "en": "for {sent} the reply should be {want}, but it was {got} "
              "(first difference at byte {index}).",
        "ja": "{sent} に対する応答は {want} のはずですが、{got} でした "
              "({index} バイト目から違います)。",
    },
    "chk_not_upper": {
        "en": "the reply was not upper-case: {got}. Cure: data.decode('utf-8').upper()"
              ".encode('utf-8').",
        "ja": "応答が大文字になっていません: {got}。"
              "対処: data.decode('utf-8').upper().encode('utf-8')",
    },
    "chk_bytes_upper": {
        "en": "bytes.upper() changes only ASCII letters: {got} should be {want}. "
              "Cure: decode to str, .upper(), then encode again.",
        "ja": "bytes.upper() が大文字にするのは ASCII の英字だけです: {got} は {want} に"
              "なるはずです。対処: decode して str にしてから .upper() し、encode し直します。",
    },
    # --- hints for the client -------------------------------------------------
    "chk_refused_client": {
        "en": "connection refused: connect to the host and port your function receives "
              "(the checker's server is on {host}:{port}), not to a fixed port.",
        "ja": "接続拒否: 関数が受け取った host と port に接続してください "
              "(チェック用サーバは {host}:{port} です)。固定のポート番号は使いません。",
    },
    "chk_returned_none": {
        "en": "your {func}() returned None. Cure: return the bytes you received "
              "(return b''.join(chunks)).",
        "ja": "{func}() が None を返しました。対処: 受け取った bytes を return します "
              "(return b''.join(chunks))。",
    },
    "chk_returned_str": {
        "en": "your {func}() returned a str; return the bytes as received (no .decode()): "
              "the caller decides how to decode.",
        "ja": "{func}() が str を返しました。受け取った bytes をそのまま返します "
              "(.decode() しない)。decode は呼び出し側が行います。",
    },
    "chk_returned_type": {
        "en": "your {func}() returned {typename}, not bytes.",
        "ja": "{func}() が bytes ではなく {typename} を返しました。",
    },
    "chk_partial_client": {
        "en": "you read only the first {got:,} of {want:,} bytes: one recv(4096) returns "
              "whatever has arrived so far. Cure: loop until recv returns b''.",
        "ja": "{want:,} バイト中、最初の {got:,} バイトしか読んでいません。recv(4096) 1 回で"
              "返るのはその時点までに届いた分だけです。対処: recv が b'' を返すまで繰り返します。",
    },
    "chk_client_hang": {
        "en": "your {func}() did not return within {timeout} s after the server closed. "
              "Cure: leave the loop when recv returns b''.",
        "ja": "サーバが閉じた後 {timeout} 秒たっても {func}() が戻りませんでした。"
              "対処: recv が b'' を返したらループを抜けます。",
    },
    "chk_wrong_result": {
        "en": "your {func}() returned {got}, but the server sent {want} "
              "(first difference at byte {index}).",
        "ja": "{func}() の戻り値は {got} でしたが、サーバが送ったのは {want} です "
              "({index} バイト目から違います)。",
    },
    # --- hints for length-prefix framing --------------------------------------
    "chk_nothing_sent": {
        "en": "your send_msg sent nothing. Cure: sock.sendall(header + data).",
        "ja": "send_msg が何も送っていません。対処: sock.sendall(header + data)",
    },
    "chk_no_prefix": {
        "en": "you sent the data without its length prefix, so the receiver cannot tell "
              "where one message ends. Cure: sendall(struct.pack('!I', len(data)) + data).",
        "ja": "長さの前置き (プレフィックス) なしでデータを送ったため、受信側はメッセージの"
              "区切りが分かりません。対処: sendall(struct.pack('!I', len(data)) + data)",
    },
    "chk_little_endian": {
        "en": "the length prefix must be 4 bytes big-endian (network byte order): "
              "use struct.pack('!I', n) or n.to_bytes(4, 'big'), not little-endian.",
        "ja": "長さの前置きは 4 バイトのビッグエンディアン (ネットワークバイトオーダー) です。"
              "リトルエンディアンではなく struct.pack('!I', n) か n.to_bytes(4, 'big') を"
              "使います。",
    },
    "chk_prefix_size": {
        "en": "the length prefix must be 4 bytes big-endian; you sent {size} bytes. "
              "Cure: struct.pack('!I', len(data)).",
        "ja": "長さの前置きは 4 バイトのビッグエンディアンです。送られたのは {size} バイトでした。"
              "対処: struct.pack('!I', len(data))",
    },
    "chk_prefix_chars": {
        "en": "the length must count bytes, not characters: 'こんにちは' is 5 characters "
              "but 15 bytes in UTF-8. Cure: len(data) of the bytes you send.",
        "ja": "長さは文字数ではなくバイト数です。'こんにちは' は 5 文字ですが UTF-8 では "
              "15 バイトです。対処: 送る bytes の len(data) を使います。",
    },
    "chk_empty_msg": {
        "en": "an empty message must still be sent as its 4-byte prefix b'\\x00\\x00\\x00\\x00' "
              "(length 0); yours sent nothing for it.",
        "ja": "空のメッセージも 4 バイトの前置き b'\\x00\\x00\\x00\\x00' (長さ 0) として"
              "送ります。空のときに何も送っていません。",
    },
    "chk_frames_differ": {
        "en": "the bytes on the wire should start {want} (4-byte big-endian length, then "
              "the data), but yours start {got}.",
        "ja": "送られるバイト列は {want} で始まるはずですが (4 バイトのビッグエンディアンの長さ + "
              "データ)、{got} で始まっていました。",
    },
    "chk_header_short": {
        "en": "sock.recv(4) returned fewer than 4 bytes (the prefix arrived in two pieces): "
              "{error}. Cure: a helper that loops until it has exactly n bytes, used for "
              "the prefix and for the data.",
        "ja": "sock.recv(4) が 4 バイト未満しか返しませんでした (前置きが 2 回に分けて届いた): "
              "{error}。対処: ちょうど n バイトそろうまで繰り返し読む関数を作り、前置きにも"
              "データにも使います。",
    },
    "chk_recv_short": {
        "en": "message {index} came back with only {got:,} of its {want:,} bytes: recv(n) "
              "may return fewer than n bytes. Cure: loop until you have exactly n.",
        "ja": "{index} 件目のメッセージが {want:,} バイト中 {got:,} バイトしかありません。"
              "recv(n) は n バイト未満で返ることがあります。対処: ちょうど n バイトそろうまで"
              "繰り返します。",
    },
    "chk_recv_glued": {
        "en": "message {index} came back with {extra:,} extra byte(s) glued on (the start of "
              "the next message). Cure: read exactly the length the prefix gives.",
        "ja": "{index} 件目のメッセージに次のメッセージの先頭 {extra:,} バイトがくっついて"
              "いました。対処: 前置きが示す長さだけをちょうど読みます。",
    },
    "chk_recv_with_prefix": {
        "en": "message {index} came back with its 4-byte prefix; return only the data.",
        "ja": "{index} 件目のメッセージに 4 バイトの前置きが含まれています。データだけを返します。",
    },
    "chk_recv_waited": {
        "en": "your recv_msg waited for more bytes than were sent (message {index}). "
              "Read the prefix as 4-byte big-endian (struct.unpack('!I', header)[0]) "
              "and read exactly that many bytes.",
        "ja": "recv_msg が送られた以上のバイトを待ち続けました ({index} 件目)。前置きは "
              "4 バイトのビッグエンディアンとして読み (struct.unpack('!I', header)[0])、"
              "その長さだけ読みます。",
    },
    "chk_recv_wrong": {
        "en": "message {index} should be {want}, but your recv_msg returned {got}.",
        "ja": "{index} 件目のメッセージは {want} のはずですが、recv_msg は {got} を返しました。",
    },
}
