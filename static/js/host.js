// Host console of a live contest: watch the game on /host and send commands (docs/protocol.md).
"use strict";
(function () {
  const root = document.getElementById("host-root");
  if (!root || typeof io !== "function" || !window.quizappLive) return;
  const { LETTERS, $, format, el, badge, errorText, plural } = window.quizappLive;
  const { icon, iconLabel } = window.quizappIcons;
  const S = window.quizappLive.strings();
  const gameId = Number(root.dataset.gameId);
  let state = null;
  let pending = false;
  let playersDrawn = "";
  let found = null; // { text, players } while a nickname search is shown
  let findTimer = null;
  let keyDrawn = "";
  let countdown = { ends: 0, limit: 1, timer: null };

  function line(text, bad) {
    $("h-line").textContent = text || "";
    $("h-line").classList.toggle("bad", !!bad);
  }

  // ---- socket --------------------------------------------------------------------------------
  const socket = io("/host", { transports: ["websocket", "polling"] });
  socket.on("connect", function () {
    $("conn-banner").hidden = true;
    socket.emit("watch", { game_id: gameId }, function (ack) {
      if (ack && ack.ok) { line(""); receive(ack.state); } else line(errorText(ack, S.failed), true);
    });
  });
  socket.on("disconnect", function () { $("conn-banner").hidden = false; });
  socket.on("connect_error", function () { $("conn-banner").hidden = false; });
  socket.on("state", receive);
  // Fake viewers claiming one school, or someone guessing the join code: the server limits
  // them and tells the host once.
  socket.on("alert", function (alert) {
    const box = $("host-alert");
    if (!box || !alert) return;
    if (alert.code === "school_claims_capped") box.textContent = S.schoolClaimsCapped.replace("{school}", alert.school || "");
    else if (alert.code === "join_code_guessing") box.textContent = S.joinCodeGuessing;
    else return;
    box.hidden = false;
  });

  function command(name, extra, done) {
    if (pending) return;
    pending = true;
    syncButtons();
    socket.emit("command", Object.assign({ game_id: gameId, name: name }, extra || {}), function (ack) {
      pending = false;
      if (ack && ack.ok) {
        line("");
        // In a big game the full state follows later: follow the phase from the ack now.
        if (state && ack.phase && ack.phase !== state.phase) {
          state = Object.assign({}, state, { phase: ack.phase, paused: !!ack.paused });
          render();
        }
      } else line(errorText(ack, S.failed), true);
      syncButtons();
      if (done) done(ack);
    });
  }

  // ---- controls ------------------------------------------------------------------------------
  function primary() {
    if (!state) return null;
    const last = state.question_index !== null && state.question_index + 1 >= state.question_count;
    switch (state.phase) {
      case "lobby": return { label: S.start, name: "start", ready: state.player_count > 0 };
      case "preview": return { label: S.open, name: "next", ready: true };
      case "open": return { label: S.close, name: "next", ready: true };
      case "closed": return { label: S.reveal, name: "next", ready: true };
      case "revealed": return { label: S.leaderboard, name: "next", ready: true };
      case "leaderboard": return { label: last ? S.finish : S.nextQuestion, name: "next", ready: true };
      default: return null;
    }
  }

  // A focused button that turns disabled or hidden drops the keyboard's focus to the page: the
  // host would have to Tab through the whole page again. Keep it on the console instead: back
  // on that button once it is usable, or on its partner (pause <-> resume, next -> results).
  let focusLost = null;
  const PARTNER = { "h-pause": "h-resume", "h-resume": "h-pause", "h-next": "h-done" };
  function usable(element) {
    return !!element && !element.disabled && !element.closest("[hidden]");
  }
  function focusTarget(lost) {
    if (usable(lost)) return lost;
    const partner = PARTNER[lost.id] && $(PARTNER[lost.id]);
    const control = partner && (partner.matches("a, button") ? partner : partner.querySelector("a, button"));
    return usable(control) ? control : null;
  }
  function keepFocus(before) {
    const active = document.activeElement;
    const adrift = !active || active === document.body || !usable(active);
    if (!adrift) { focusLost = null; return; }
    if (before && before !== document.body && !usable(before)) focusLost = before;
    const target = focusLost && focusTarget(focusLost);
    if (target) { target.focus(); focusLost = null; }
  }

  function syncButtons() {
    const before = document.activeElement;
    syncControls();
    keepFocus(before);
  }

  function syncControls() {
    const action = primary();
    const next = $("h-next");
    const phase = state ? state.phase : null;
    if (action) {
      next.hidden = false;
      next.textContent = action.label;
      next.disabled = pending || !action.ready;
      next.dataset.command = action.name;
      next.title = action.ready ? "" : S.waitPlayers;
    } else {
      next.hidden = phase === "finished";
      next.disabled = true;
    }
    const timed = phase === "preview" || phase === "open";
    $("h-pause").hidden = !timed || (state && state.paused);
    $("h-resume").hidden = !timed || !(state && state.paused);
    $("h-pause").disabled = pending;
    $("h-resume").disabled = pending;
    $("h-add").hidden = phase !== "open";
    $("h-add").disabled = pending || (state && state.paused);
    $("h-skip").hidden = !timed;
    $("h-skip").disabled = pending;
    $("h-end").hidden = phase === "finished";
    $("h-end").disabled = pending;
  }

  $("h-next").addEventListener("click", function () {
    const action = primary();
    if (action && action.ready) command(action.name);
  });
  $("h-pause").addEventListener("click", function () { command("pause"); });
  $("h-resume").addEventListener("click", function () { command("resume"); });
  $("h-add").addEventListener("click", function () { command("add_time", { seconds: 10 }); });
  $("h-skip").addEventListener("click", function () { command("skip"); });
  $("h-end").addEventListener("click", function () { if (window.confirm(S.confirmEnd)) command("end"); });

  // A big game lists only the leaders and the suspects: anyone else is found by nickname.
  $("h-find").addEventListener("input", function () {
    window.clearTimeout(findTimer);
    findTimer = window.setTimeout(find, 250);
  });
  function find() {
    const text = $("h-find").value.trim();
    if (!text) { found = null; renderPlayers(); return; }
    socket.emit("find", { game_id: gameId, text: text }, function (ack) {
      if ($("h-find").value.trim() !== text) return; // a newer search is on its way
      if (ack && ack.ok) found = { text: text, players: ack.players };
      else line(errorText(ack, S.failed), true);
      renderPlayers();
    });
  }
  function refreshFound() { if (found) find(); }

  $("h-players").addEventListener("click", function (event) {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const id = button.dataset.player;
    const name = button.dataset.nickname;
    if (button.dataset.action === "kick") {
      if (window.confirm(format(S.confirmKick, { name: name }))) command("kick", { player_id: id }, refreshFound);
    } else if (button.dataset.action === "ban") {
      if (window.confirm(format(S.confirmBan, { name: name }))) command("ban", { player_id: id }, refreshFound);
    } else if (button.dataset.action === "rename") {
      const nickname = window.prompt(format(S.renamePrompt, { name: name }), name);
      if (nickname && nickname.trim() && nickname.trim() !== name) command("rename", { player_id: id, nickname: nickname.trim() }, refreshFound);
    }
  });

  // ---- rendering -----------------------------------------------------------------------------
  function receive(next) {
    if (!next) return;
    state = next;
    setCountdown(next);
    render();
  }

  function render() {
    const phase = state.phase;
    document.body.dataset.phase = phase;
    const pill = $("h-phase");
    pill.textContent = (S["phase_" + phase] || phase) + (state.paused ? " · " + S.paused : "");
    pill.className = "phase-pill phase-" + phase + (state.paused ? " is-paused" : "");
    const inQuestion = state.question_index !== null && state.question_index !== undefined;
    $("h-progress").textContent = inQuestion ? format(S.questionOf, { n: state.question_index + 1, m: state.question_count }) : "";
    $("h-count").textContent = inQuestion && phase !== "leaderboard"
      ? format(S.answered, { n: state.answer_count || 0, m: state.player_count })
      : plural(S.players, state.player_count);
    if (phase === "closed" && state.close_reason) {
      $("h-count").textContent += " · " + (S["closeReason_" + state.close_reason] || state.close_reason);
    }
    $("h-done").hidden = phase !== "finished";
    renderQuestion();
    renderPlayers();
    syncButtons();
  }

  function renderQuestion() {
    const q = state.question;
    const box = $("h-question");
    const phase = state.phase;
    if (!q || phase === "lobby" || phase === "finished") { box.hidden = true; keyDrawn = ""; return; }
    box.hidden = false;
    $("h-qnum").textContent = format(S.questionOf, { n: state.question_index + 1, m: state.question_count });
    $("h-kind").textContent = S["kind_" + q.kind] || q.kind;
    $("h-qtext").textContent = q.text || "";
    const answerKey = state.answer_key || {};
    const counts = state.live_distribution;
    const drawn = JSON.stringify([q.id, answerKey, counts, state.answer_count]);
    if (drawn === keyDrawn) return;
    keyDrawn = drawn;
    const key = $("h-key");
    key.replaceChildren();
    const total = Math.max(1, state.answer_count || 0);
    if (q.kind === "type_answer" || q.kind === "ordering") {
      if (answerKey.accepted_answers) {
        key.append(el("p", "key-title", S.acceptedAnswers), el("p", "key-accepted", answerKey.accepted_answers.join(" · ")));
      }
      if (answerKey.correct_items) {
        key.append(el("p", "key-title", S.correctOrder));
        const list = el("ol", "key-order");
        answerKey.correct_items.forEach(function (item, n) {
          const shown = answerKey.correct_order ? answerKey.correct_order[n] : n;
          const li = el("li", "", item);
          li.prepend(el("span", "answer-badge dark", LETTERS[shown] + " "));
          list.append(li);
        });
        key.append(list);
      }
      if (counts && !Array.isArray(counts)) {
        key.append(liveBar("check", S.correctCount, counts.correct, total, "bar-right"),
          liveBar("cross", S.incorrectCount, counts.incorrect, total, "bar-wrong"));
      }
    } else {
      const labels = quizappLive.choiceTexts(q) || [];
      const correct = answerKey.correct_choices || [];
      if (q.kind === "poll") key.append(el("p", "key-title", S.pollNoKey));
      labels.forEach(function (label, i) {
        const ok = correct.indexOf(i) >= 0 && q.kind !== "poll";
        const row = el("div", "key-row" + (ok ? " is-correct" : ""));
        const head = el("div", "key-choice answer answer-" + i + (ok ? " is-correct" : ""));
        head.append(badge(i), el("span", "answer-text", label));
        if (ok) head.append(icon("check", "answer-tick"));
        row.append(head);
        if (Array.isArray(counts)) {
          const track = el("div", "bar-track small");
          const fill = el("div", "bar-fill answer-" + i);
          fill.style.width = Math.round(100 * (counts[i] || 0) / total) + "%";
          track.append(fill, el("span", "bar-count", String(counts[i] || 0)));
          row.append(track);
        }
        key.append(row);
      });
    }
    $("h-explain").textContent = answerKey.explanation || "";
    $("h-explain-box").hidden = !answerKey.explanation;
  }

  function liveBar(iconName, label, count, total, className) {
    const row = el("div", "key-row");
    row.append(iconLabel(el("div", "key-choice plain"), iconName, label));
    const track = el("div", "bar-track small");
    const fill = el("div", "bar-fill " + className);
    fill.style.width = Math.round(100 * count / total) + "%";
    track.append(fill, el("span", "bar-count", String(count)));
    row.append(track);
    return row;
  }

  function renderPlayers() {
    const players = (found ? found.players : state.players || []).slice().sort(function (a, b) {
      if (a.in_game !== b.in_game) return a.in_game ? -1 : 1;
      return (a.rank || 1e9) - (b.rank || 1e9);
    });
    $("h-pcount").textContent = String(state.player_count);
    const notListed = state.players_not_listed || 0;
    $("h-find-box").hidden = !notListed && !found;
    $("h-more").textContent = found
      ? format(found.players.length ? S.found : S.noneFound, { n: found.players.length, text: found.text })
      : notListed ? format(S.notListed, { shown: (state.players || []).length, n: notListed }) : "";
    const drawn = JSON.stringify(players);
    if (drawn === playersDrawn) return;
    playersDrawn = drawn;
    const body = $("h-players");
    body.replaceChildren();
    if (!players.length) {
      const tr = el("tr");
      const td = el("td", "empty", S.empty);
      td.colSpan = 5;
      tr.append(td);
      body.append(tr);
      return;
    }
    players.forEach(function (p) {
      const tr = el("tr", p.in_game ? "" : "inactive");
      const where = [p.school, p.class_name].filter(Boolean).join(" · ");
      const name = el("td", "name", p.nickname);
      if (!p.in_game) name.append(el("small", "muted", " (" + S.kicked + ")"));
      if (p.suspect) {
        const flag = iconLabel(el("span", "tag warn suspect"), "bolt", S.suspect);
        flag.title = format(S.suspectHint, { n: p.fast_answers });
        name.append(" ", flag);
      }
      if (where) name.append(el("small", "where", where));
      const tools = el("td", "tools");
      if (p.in_game && state.phase !== "finished") {
        tools.append(tool("rename", S.rename, p), tool("kick", S.kick, p), tool("ban", S.ban, p));
      }
      const answered = el("td", "answered-cell");
      if (p.answered) answered.append(icon("check"), el("span", "visually-hidden", S.answeredThis));
      tr.append(el("td", "num", p.rank ? String(p.rank) : "–"), name, el("td", "num", String(p.score)), answered, tools);
      body.append(tr);
    });
  }

  function tool(action, label, player) {
    const button = el("button", "button small" + (action !== "rename" ? " danger-outline" : ""), label);
    button.type = "button";
    button.dataset.action = action;
    button.dataset.player = player.player_id;
    button.dataset.nickname = player.nickname;
    return button;
  }

  // ---- countdown -----------------------------------------------------------------------------
  function setCountdown(next) {
    if (countdown.timer) window.clearInterval(countdown.timer);
    countdown.timer = null;
    const timed = (next.phase === "open" || next.phase === "preview") && next.remaining_ms !== null && next.remaining_ms !== undefined;
    $("h-timer").hidden = !timed;
    $("h-countdown").hidden = !timed || next.phase !== "open";
    if (!timed) return;
    countdown.limit = next.phase === "open" ? (next.time_limit_ms || next.remaining_ms || 1) : (next.remaining_ms || 1);
    countdown.ends = performance.now() + next.remaining_ms;
    paint(next.remaining_ms);
    if (!next.paused) {
      countdown.timer = window.setInterval(function () { paint(Math.max(0, countdown.ends - performance.now())); }, 200);
    }
  }
  function paint(remaining) {
    $("h-timer").textContent = Math.ceil(remaining / 1000) + " s";
    $("h-countdown-fill").style.width = (Math.max(0, Math.min(1, remaining / countdown.limit)) * 100).toFixed(1) + "%";
    $("h-countdown-fill").classList.toggle("low", remaining <= 5000);
    if (remaining <= 0 && countdown.timer) { window.clearInterval(countdown.timer); countdown.timer = null; }
  }
})();
