# %% [markdown] id="intro" lang="ja"
# # 08 やりとりを絵で見る
#
# 記事のサーバとクライアントは、`print` で 1 行ずつ何が起きたかを表示しました。
# このノートブックでは、同じやりとりを 2 つの絵にします。
#
# 1. **シーケンス図**: サーバとクライアントが、どの順番で何を呼び、何がネットワークを流れたか。サーバとクライアントが自分で記録した本物の出来事から描きます。
# 2. **ソケットの状態**: OS から見たソケットの状態 (LISTEN、ESTABLISHED、CLOSE_WAIT、TIME_WAIT) が、1 ステップごとにどう変わるか。`psutil` で OS に直接たずねます。

# %% [markdown] id="intro" lang="en"
# # 08 Pictures of the exchange
#
# The article's server and client print a line after every step.
# This notebook turns the same exchange into two pictures:
#
# 1. **A sequence diagram**: what the server and the client called, in which order, and what crossed the network, drawn from the events both sides really recorded.
# 2. **Socket states**: what the OS says about each socket (LISTEN, ESTABLISHED, CLOSE_WAIT, TIME_WAIT), step by step, asked directly with `psutil`.

# %% id="imports"
import socket
import threading
import time

import labkit

labkit.set_language(L("ja", "en"))  # ja: labkit のメッセージを日本語にする # en: labkit's messages in English

# %% [markdown] id="1-sequence-diagram-real" lang="ja"
# ## 1. 本物のやりとりのシーケンス図
#
# サーバを起動して、クライアントで 1 回だけ接続します。
# `fetch(..., trace=trace)` は、クライアントが行ったこと (socket, connect, recv, close) をリスト `trace` に記録します。サーバは自分の出来事を `server.events` に記録しています。

# %% [markdown] id="1-sequence-diagram-real" lang="en"
# ## 1. A sequence diagram of a real exchange
#
# Start a server and connect once.
# `fetch(..., trace=trace)` records what the client did (socket, connect, recv, close) in the list `trace`; the server records its own steps in `server.events`.

# %% id="exchange"
server = labkit.LabServer(port=0).start()

trace = []
reply = labkit.fetch(*server.address, trace=trace)
print(reply)

# %% id="sequence-diagram"
labkit.sequence_diagram(server.events, trace)

# %% [markdown] id="note-how-read" lang="ja"
# 図の読み方:
#
# - 縦の点線が時間の流れです (上から下へ)。左がサーバ、右がクライアントです。
# - サーバは `socket()`, `bind()`, `listen()` で待ち受けを始めます (記事の 001 の前半)。
# - クライアントの `connect()` で、3 つのパケット (SYN, SYN-ACK, ACK) をやりとりする **3 ウェイハンドシェイク** が起き、サーバの `accept()` が新しいソケットを返します。
# - サーバの `send()` のデータ `'Server accessed.(1)'` がクライアントの `recv()` に届きます。
# - サーバの `close()` は **FIN** (もう送らない、の合図) を送り、クライアントの次の `recv()` は `b''` (空) を返します。これが「サーバが切断した」の合図です。
# - 最後にクライアントも `close()` します。点線の矢印は、相手側で受け取る呼び出しがない FIN です (相手の OS が受け取ります)。
#
# 行の順番は時計ではなく **原因と結果** で決めています (`recv()` は、そのデータを送った `send()` より後)。だから同じやりとりからは、いつも同じ図ができます。測った時刻を書き込むには `times=True` を付けます (実行のたびに変わります)。

# %% [markdown] id="note-how-read" lang="en"
# How to read it:
#
# - Time runs down the dotted lifelines. The server is on the left, the client on the right.
# - The server starts listening with `socket()`, `bind()`, `listen()` (the first half of the article's 001).
# - The client's `connect()` makes the **three-way handshake** (SYN, SYN-ACK, ACK), and the server's `accept()` returns a new socket for this client.
# - The data of the server's `send()`, `'Server accessed.(1)'`, arrives in the client's `recv()`.
# - The server's `close()` sends a **FIN** ("I will send nothing more"), and the client's next `recv()` returns `b''` (empty): that is how a client learns the server closed.
# - Finally the client closes too. A dashed arrow is a FIN no call receives on the other side (the other side's OS takes it).
#
# Rows follow **cause and effect**, not the clock (a `recv()` comes after the `send()` that fed it), so the same exchange always gives the same picture. `times=True` writes the measured times in (they change on every run).

# %% [markdown] id="note-now-client-speaks" lang="ja"
# クライアントが先に話す場合も描いてみます。メッセージを最後まで読んでから返すサーバ (`labkit.reply_after_eof_handler()`) に `send="hello"` を送ります。
# `fetch` は送ったあと `shutdown(SHUT_WR)` で「もう送らない」(FIN) を伝えるので、サーバの `recv()` は `b''` を受け取って、メッセージが終わったと分かります。

# %% [markdown] id="note-now-client-speaks" lang="en"
# Now a client that speaks first: send `"hello"` to a server that reads the whole message, then replies (`labkit.reply_after_eof_handler()`).
# After sending, `fetch` calls `shutdown(SHUT_WR)` ("I will send nothing more", a FIN), so the server's `recv()` gets `b''` and knows the message is complete.

# %% id="client-speaks-first"
echo = labkit.LabServer(port=0, handler=labkit.reply_after_eof_handler()).start()

echo_trace = []
print(labkit.fetch(*echo.address, send="hello", trace=echo_trace))
labkit.sequence_diagram(echo, echo_trace)

# %% [markdown] id="note-diagram-can-be" lang="ja"
# 図はファイルにも保存できます (`.save("exchange.svg")`)。ブラウザやスライドに貼れます。

# %% [markdown] id="note-diagram-can-be" lang="en"
# A diagram can be saved as a file (`.save("exchange.svg")`) for a browser or a slide.

# %% id="diagram-picture"
picture = labkit.sequence_diagram(server, trace)
path = picture.save("exchange.svg")
print(path, path.stat().st_size > 0)
path.unlink()  # clean up
echo.stop()
server.stop()

# %% [markdown] id="2-socket-states-step" lang="ja"
# ## 2. ソケットの状態を 1 ステップずつ
#
# OS は TCP の接続ごとに **状態** を持っています。`labkit.socket_states(port)` は、このカーネルのソケットのうち、そのポートに関係するものを表にします。
#
# - **役割**: そのポートで待ち受ける側 (サーバ) か、接続する側 (クライアント) か
# - **持ち主**: このカーネルが持っているか、プロセスの手を離れて OS だけが持っているか
#
# 状態が確実に見えるように、ここでは `labkit` のサーバではなく、記事と同じ生の `socket` を 1 ステップずつ使います。
# (アドレスの後ろのポート番号は毎回変わるので、比較用に `PORT` と表示されることがあります。)
#
# ### ステップ 1: listen → LISTEN

# %% [markdown] id="2-socket-states-step" lang="en"
# ## 2. Socket states, step by step
#
# For every TCP connection the OS keeps a **state**. `labkit.socket_states(port)` lists this kernel's sockets that touch the port:
#
# - **role**: the side listening on that port (server) or the side that connected to it (client)
# - **owner**: this kernel, or only the OS (the process let go of it)
#
# So that every state shows reliably, this part uses plain `socket` calls as in the article, one step per cell, not a labkit server.
# (The port numbers change on every run.)
#
# ### Step 1: listen -> LISTEN

# %% id="state-listen"
# ja: 空いていて、少し前の接続の TIME_WAIT も残っていないポート (表に他人の行が出ないように)
# en: A free port where no earlier connection's TIME_WAIT lingers (so the table shows only ours)
PORT = labkit.quiet_port()

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("127.0.0.1", PORT))
listener.listen(2)               # ja: 記事と同じ listen(2) # en: listen(2), as in the article

labkit.socket_states(PORT)

# %% [markdown] id="step-2-connect-established" lang="ja"
# ### ステップ 2: connect → ESTABLISHED (まだ accept していない)
#
# クライアントが `connect()` すると、ハンドシェイクは **OS が** 済ませます。サーバがまだ `accept()` を呼んでいなくても、接続は ESTABLISHED です。
# サーバ側のソケットは **accept 待ち** の行列 (backlog、`listen(2)` の 2) に入っていて、まだどのプロセスのものでもありません。

# %% [markdown] id="step-2-connect-established" lang="en"
# ### Step 2: connect -> ESTABLISHED (not accepted yet)
#
# When the client calls `connect()`, **the OS** completes the handshake. The connection is ESTABLISHED although the server has not called `accept()` yet.
# The server-side socket waits in the **accept queue** (the backlog, the 2 of `listen(2)`) and belongs to no process yet.

# %% id="state-established"
client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.connect(("127.0.0.1", PORT))
# ja: OS がハンドシェイクの最後を処理し、両端が ESTABLISHED になるまで待つ
# en: Wait until the OS has finished the handshake: both ends ESTABLISHED
labkit.wait_until(lambda: labkit.socket_states(PORT).statuses.count("ESTABLISHED") == 2)

labkit.socket_states(PORT)

# %% [markdown] id="step-3-accept-server" lang="ja"
# ### ステップ 3: accept → サーバのプロセスが受け取る
#
# `accept()` は行列から接続を 1 つ取り出し、新しいソケット `conn` として返します。持ち主が「このカーネル」になります。

# %% [markdown] id="step-3-accept-server" lang="en"
# ### Step 3: accept -> the server process takes it
#
# `accept()` takes one connection off the queue and returns it as a new socket, `conn`. Its owner becomes this kernel.

# %% id="state-accepted"
conn, addr = listener.accept()
conn.sendall("Server accessed.(1)".encode("utf-8"))  # as in the article

labkit.socket_states(PORT)

# %% [markdown] id="step-4-server-closes" lang="ja"
# ### ステップ 4: サーバが先に close → クライアントは CLOSE_WAIT
#
# 記事のサーバと同じく、サーバが先に `close()` します。FIN を受け取ったクライアントのソケットは **CLOSE_WAIT** (「相手は閉じた。こちらが閉じるのを待っている」) になります。
# サーバ側は FIN_WAIT2 になり、プロセスの手を離れて OS だけが持っています。
# クライアントはまだデータを読めて、最後に `b''` を受け取ります。

# %% [markdown] id="step-4-server-closes" lang="en"
# ### Step 4: the server closes first -> the client is in CLOSE_WAIT
#
# As in the article, the server closes first. Having received the FIN, the client's socket is in **CLOSE_WAIT** ("the other side closed; waiting for us to close").
# The server side is in FIN_WAIT2, held by the OS only.
# The client can still read the data, then gets `b''`.

# %% id="state-close-wait"
conn.close()

print(client.recv(4096))  # ja: サーバが送ったデータ # en: the server's data
print(client.recv(4096))  # ja: b'': サーバが切断した # en: b'': the server closed
labkit.wait_until(lambda: "FIN_WAIT2" in labkit.socket_states(PORT).statuses)  # ja: OS が ACK を処理するまで # en: until the OS has processed the ACK
labkit.socket_states(PORT)

# %% [markdown] id="step-5-client-closes" lang="ja"
# ### ステップ 5: クライアントも close → 先に閉じた側に TIME_WAIT
#
# クライアントが `close()` すると、クライアントのソケットは消えます。
# **先に閉じた側** (ここではサーバ) のソケットは **TIME_WAIT** になり、遅れて届くパケットに備えて OS がしばらく (Linux では 60 秒) 持ち続けます。

# %% [markdown] id="step-5-client-closes" lang="en"
# ### Step 5: the client closes too -> TIME_WAIT on the side that closed first
#
# When the client closes, its socket is gone.
# The socket of **the side that closed first** (here the server) enters **TIME_WAIT**: the OS keeps it for a while (60 s on Linux) in case late packets arrive.

# %% id="state-time-wait"
client.close()
labkit.wait_until(lambda: labkit.socket_states(PORT).statuses == ["LISTEN", "TIME_WAIT"])  # ja: 終了の手続きが済むまで # en: until the closing handshake is done

labkit.socket_states(PORT)

# %% [markdown] id="time-wait-address-already" lang="ja"
# ### TIME_WAIT と `Address already in use` (落とし穴 1)
#
# 待ち受けのソケットも閉じて、サーバを「再起動」してみます。TIME_WAIT が残っている間は、記事と同じ書き方の `bind()` が失敗します。
# このセルはわざとエラーになります。

# %% [markdown] id="time-wait-address-already" lang="en"
# ### TIME_WAIT and `Address already in use` (pitfall 1)
#
# Close the listening socket too and "restart" the server. While the TIME_WAIT socket lives, a `bind()` written as in the article fails.
# This cell fails on purpose.

# %% id="address-in-use" tags=["raises-exception"]
listener.close()
print(labkit.socket_states(PORT))

again = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    again.bind(("127.0.0.1", PORT))  # ja: 記事と同じ bind: TIME_WAIT が残っていると失敗する # en: the article's bind: fails while TIME_WAIT lives
finally:
    again.close()

# %% [markdown] id="note-cure-set-so" lang="ja"
# 対処: `bind()` の **前に** SO_REUSEADDR を設定します (Windows では TIME_WAIT があっても bind できるので何も設定しません。`labkit.reuse_address(sock)` が OS に合わせて設定します)。
# Linux では、TIME_WAIT を残した **前のサーバも** この設定をしていた必要があります。`LabServer` はいつも設定するので、同じポートですぐ再起動できます。

# %% [markdown] id="note-cure-set-so" lang="en"
# The cure: set SO_REUSEADDR **before** `bind()` (on Windows nothing: `bind` works there during TIME_WAIT; `labkit.reuse_address(sock)` does the right thing).
# On Linux the **earlier** server, whose socket is in TIME_WAIT, must have set it too. `LabServer` always does, so it restarts on the same port at once:

# %% id="labserver-rebinds"
first = labkit.LabServer(port=labkit.quiet_port()).start()
port2 = first.address[1]
labkit.fetch(*first.address)  # ja: 1 回接続する: サーバが先に閉じる # en: one connection: the server closes first
first.stop()
labkit.wait_until(lambda: labkit.socket_states(port2).statuses == ["TIME_WAIT"])  # ja: 終了の手続きが済むまで # en: until the closing handshake is done
print(labkit.socket_states(port2))

second = labkit.LabServer(port=port2).start()  # ja: 同じポートで再起動 # en: restart on the same port
print(L("同じポートで再起動できた:", "restarted on the same port:"), second.address[1] == port2)
print(labkit.fetch(*second.address))
second.stop()

# %% [markdown] id="3-close-does-not" lang="ja"
# ## 3. `close()` では `accept()` 中のスレッドを止められない (落とし穴 3)
#
# 記事のサーバをスレッドで動かし、止めようとして別のスレッドから `close()` すると何が起きるでしょう。
# Linux では、`accept()` で待っているスレッドは起きません。ソケットの状態を見ると、閉じたはずのポートがまだ LISTEN です。

# %% [markdown] id="3-close-does-not" lang="en"
# ## 3. `close()` does not stop a thread blocked in `accept()` (pitfall 3)
#
# Run the article's accept in a thread, then try to stop it by calling `close()` from another thread.
# On Linux the thread blocked in `accept()` does not wake up, and the states show the "closed" port still in LISTEN:

# %% id="close-does-not-wake"
blocked = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
blocked.bind(("127.0.0.1", labkit.quiet_port()))
blocked.listen(2)
PORT3 = blocked.getsockname()[1]
accepted = []
thread = threading.Thread(target=lambda: accepted.append(blocked.accept()), daemon=True)
thread.start()
time.sleep(0.1)  # ja: スレッドが accept() に入るのを待つ # en: let the thread enter accept()

blocked.close()  # ja: 止めたつもり # en: meant to stop it
thread.join(0.2)  # ja: 0.2 秒待っても終わらない # en: given 0.2 s to finish, it does not
print(L("スレッドはまだ accept() の中:", "thread still inside accept():"), thread.is_alive())
labkit.socket_states(PORT3)

# %% [markdown] id="note-owner-os-only" lang="ja"
# 持ち主が「OS だけ」になっています。ファイル記述子は閉じましたが、ソケットそのものは待っている `accept()` の中で生きていて、まだ LISTEN です。
# 閉じたはずのソケットが、次のクライアントをもう 1 人受け付けてしまいます。それでやっとスレッドが終わります。

# %% [markdown] id="note-owner-os-only" lang="en"
# The owner is "OS only": the file descriptor is closed, but the socket itself lives on inside the waiting `accept()`, still in LISTEN.
# The "closed" socket even accepts one more client, and only then does the thread end:

# %% id="thread-still-accepts"
visitor = socket.create_connection(("127.0.0.1", PORT3))
thread.join(2)
print(L("閉じたソケットが受け付けたクライアント:", "clients accepted by the closed socket:"), len(accepted))
print(L("スレッドは終わった:", "thread finished:"), not thread.is_alive())
visitor.close()
for conn3, _ in accepted:
    conn3.close()

# %% [markdown] id="note-cure-wait-way" lang="ja"
# 対処: 待っている間も「止まれ」の合図に気づける作りにします。`LabServer` は `selectors` で待ち受けソケットと合図用のソケットを同時に見張るので、`stop()` はすぐ戻り、ポートには何も残りません。

# %% [markdown] id="note-cure-wait-way" lang="en"
# The cure: wait in a way that also notices a "stop" signal. `LabServer` watches the listening socket and a wake-up socket together with `selectors`, so `stop()` returns at once and nothing is left on the port:

# %% id="labserver-stop"
lab = labkit.LabServer(port=labkit.quiet_port()).start()
port4 = lab.address[1]
print(L("待ち受け中:", "listening:"), labkit.socket_states(port4).statuses)
lab.stop()
print(L("stop() の後:", "after stop():"), labkit.socket_states(port4).statuses)

# %% [markdown] id="summary" lang="ja"
# ## まとめ
#
# | 手順 | サーバ側 | クライアント側 |
# |---|---|---|
# | `listen()` | LISTEN | |
# | `connect()` | ESTABLISHED (accept 待ち) | ESTABLISHED |
# | `accept()` | ESTABLISHED (このカーネル) | ESTABLISHED |
# | サーバが `close()` | FIN_WAIT2 (OS だけ) | CLOSE_WAIT |
# | クライアントが `close()` | TIME_WAIT (60 秒) | (消える) |
#
# - 先に閉じた側に TIME_WAIT が残ります。記事のサーバは毎回先に閉じるので、再起動で `Address already in use` になります。
# - `labkit.socket_states(port)` と `labkit.sequence_diagram(server, trace)` は、ノートブック 03～07 のどのサーバにも使えます。

# %% [markdown] id="summary" lang="en"
# ## Summary
#
# | step | server side | client side |
# |---|---|---|
# | `listen()` | LISTEN | |
# | `connect()` | ESTABLISHED (accept queue) | ESTABLISHED |
# | `accept()` | ESTABLISHED (this kernel) | ESTABLISHED |
# | the server calls `close()` | FIN_WAIT2 (OS only) | CLOSE_WAIT |
# | the client calls `close()` | TIME_WAIT (60 s) | (gone) |
#
# - TIME_WAIT stays on the side that closed first. The article's server always closes first, hence `Address already in use` on a restart.
# - `labkit.socket_states(port)` and `labkit.sequence_diagram(server, trace)` work with every server of notebooks 03 to 07.

# %% id="stop-all" tags=["nbval-ignore-output"]
labkit.stop_all()  # stop every server this notebook started
