// Phone client of a live contest: join, answer, learn from the reveal (docs/protocol.md, /play).
"use strict";
(function () {
  const root = document.getElementById("play-root");
  if (!root || typeof io !== "function" || !window.quizappLive) return;
  const { LETTERS, $, format, el, badge, shape, errorText, plural } = window.quizappLive;
  const { icon, iconLabel, orderText } = window.quizappIcons;
  const S = window.quizappLive.strings();
  const TOKEN_PREFIX = "quizapp.token.";
  const PROFILE_KEY = "quizapp.profile";
  const PLAY_URL = root.dataset.playUrl || "/play";
  const RETRY_CODES = ["storage_failed", "rate_limited", "invalid_answer", "game_paused", "bad_request", "choice_removed"];

  let pin = root.dataset.pin || "";
  let token = pin ? load(TOKEN_PREFIX + pin) : null;
  let state = null;          // the latest PlayerState
  let me = null;             // the latest `me` block (absent from question/closed events)
  let meQuestion = null;     // question id `me` was received with
  let sent = {};             // question id -> {status: "sending"|"ok"|"error", text, message, code}
  let draft = { qid: null, picks: [] };
  let kicked = false;
  let countdown = { ends: 0, limit: 0, frozen: null, timer: null };

  function load(key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } }
  function save(key, value) {
    try { if (value === null) window.localStorage.removeItem(key); else window.localStorage.setItem(key, value); } catch (e) { /* private mode */ }
  }

  // ---- screens -------------------------------------------------------------------------------
  const SCREENS = ["s-join", "s-wait", "s-lobby", "s-question", "s-sent", "s-closed", "s-reveal", "s-board", "s-over", "s-kicked"];
  function show(id) {
    SCREENS.forEach(function (s) { $(s).hidden = s !== id; });
    document.body.dataset.screen = id.slice(2);
  }
  function wait(text) { $("wait-text").textContent = text; show("s-wait"); }

  // ---- socket --------------------------------------------------------------------------------
  const socket = io("/play", { transports: ["websocket", "polling"] });
  let everConnected = false;

  socket.on("connect", function () {
    $("conn-banner").hidden = true;
    everConnected = true;
    if (kicked) return;
    if (token) resume();
    else if (!state) showJoin();
  });
  socket.on("disconnect", function () { if (!kicked) $("conn-banner").hidden = false; });
  // A locked screen or an app in front freezes timers and may drop the socket without notice:
  // when the page is seen again, ask the server where the game is and how much time is left.
  function wake() {
    if (kicked || !token) return;
    if (socket.connected) resume(); else socket.connect();
  }
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") wake(); });
  window.addEventListener("pageshow", function (event) { if (event.persisted) wake(); });
  window.addEventListener("online", wake);
  socket.on("connect_error", function () { if (everConnected || state) $("conn-banner").hidden = false; });
  ["lobby", "question", "closed", "reveal", "leaderboard", "game_over"].forEach(function (name) {
    socket.on(name, function (payload) { if (!kicked) receive(payload); });
  });
  // After a reveal, leaderboard or game over, the room gets the shared state and then each
  // phone its own block (points, total, rank) in a small "me" message.
  socket.on("me", function (payload) {
    if (kicked || !payload) return;
    me = payload;
    meQuestion = state && state.question ? state.question.id : null;
    if (state) render();
  });
  socket.on("kicked", function (payload) {
    kicked = true;
    save(TOKEN_PREFIX + pin, null);
    token = null;
    stopCountdown();
    $("kicked-text").textContent = errorText(payload, S.kicked);
    show("s-kicked");
  });

  function resume() {
    if (!state) wait(S.connecting);
    socket.emit("resume", { token: token }, function (ack) {
      if (ack && ack.ok) { accepted(ack); return; }
      // A token from a finished or other game: forget it and ask for a fresh join.
      save(TOKEN_PREFIX + pin, null);
      token = null;
      if (ack && ack.error === "player_kicked") {
        kicked = true;
        $("kicked-text").textContent = errorText(ack, S.kicked);
        show("s-kicked");
        return;
      }
      state = null;
      showJoin();
      if (ack && ack.error !== "invalid_token") joinError(errorText(ack, S.joinFailed));
    });
  }

  function accepted(ack) {
    if (ack.token) { token = ack.token; save(TOKEN_PREFIX + pin, token); }
    // Joined by typing the PIN at /play: put the PIN in the address, so that a reload, a
    // browser that drops the page while the screen is locked, or a shared link come back here.
    if (pin && window.location.pathname !== PLAY_URL + "/" + pin) {
      window.history.replaceState(null, "", PLAY_URL + "/" + pin + window.location.search);
    }
    $("bar-pin-value").textContent = pin;
    $("bar-pin").hidden = !pin;
    receive(ack.state);
  }

  // ---- join ----------------------------------------------------------------------------------
  const form = $("join-form");
  const MAX_NAME = 40;  // engine/nicknames.py MAX_NICKNAME_LENGTH
  let confirmedShort = null;  // the shortened nickname the pupil agreed to
  let rosterOn = !!$("roster-box");
  function field(name) { return form.elements.namedItem(name); }
  function showJoin() {
    const profile = JSON.parse(load(PROFILE_KEY) || "{}");
    const nickname = field("nickname");
    const school = field("school");
    const klass = field("class");
    if (nickname && !nickname.value && profile.nickname) nickname.value = profile.nickname;
    if (school && !school.value && profile.school) {
      school.value = profile.school;
      field("school_code").value = profile.schoolCode || "";
    }
    if (klass && !klass.value && profile.klass) klass.value = profile.klass;
    show("s-join");
    if (rosterOn) loadRoster("");
  }
  function joinError(message) {
    $("join-error").textContent = message;
    $("join-error").hidden = !message;
  }

  // The school picker: registry schools by name, matched without accents; the code is hidden.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }
  const choices = JSON.parse(($("school-choices") || {}).textContent || "[]")
    .map(function (c) { return { code: c.c, label: c.n, key: fold(c.n) }; });
  const schoolInput = field("school");
  const suggest = $("school-suggest");
  if (schoolInput && suggest) {
    schoolInput.addEventListener("input", function () {
      field("school_code").value = "";
      const words = fold(schoolInput.value).split(" ").filter(Boolean);
      suggest.replaceChildren();
      const found = words.length ? choices.filter(function (c) {
        return words.every(function (w) { return c.key.indexOf(w) >= 0; });
      }).slice(0, 8) : [];
      found.forEach(function (c) {
        const li = el("li", "school-option", c.label);
        li.setAttribute("role", "option");
        li.tabIndex = 0;
        const pick = function () {
          schoolInput.value = c.label;
          field("school_code").value = c.code;
          suggest.hidden = true;
          schoolInput.setAttribute("aria-expanded", "false");
        };
        li.addEventListener("click", pick);
        li.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); pick(); } });
        suggest.append(li);
      });
      suggest.hidden = !found.length;
      schoolInput.setAttribute("aria-expanded", String(!!found.length));
    });
  }

  // A class roster: choose the class, then your name (the roster entry is who you are).
  function loadRoster(klass) {
    const link = field("school_link") ? field("school_link").value : "";
    socket.emit("roster", { pin: pin, school_link: link, class: klass }, function (ack) {
      if (!ack || !ack.ok) { rosterOn = false; $("roster-box").hidden = true; $("typed-box").hidden = false; return; }
      const target = klass ? $("roster-entry") : $("roster-class");
      const first = target.options[0];
      target.replaceChildren(first);
      (klass ? ack.pupils : ack.classes).forEach(function (item) {
        const option = el("option", "", klass ? item.name : item);
        option.value = klass ? String(item.id) : item;
        target.append(option);
      });
      if (klass) target.disabled = false;
    });
  }
  if ($("roster-class")) {
    $("roster-class").addEventListener("change", function () { $("roster-entry").disabled = true; if (this.value) loadRoster(this.value); });
    $("roster-off").addEventListener("click", function () {
      rosterOn = false; $("roster-box").hidden = true; $("typed-box").hidden = false;
    });
  }
  const groupBox = $("join-group");
  if (groupBox) groupBox.addEventListener("change", function () { $("group-box").hidden = !groupBox.checked; });
  if (field("nickname")) field("nickname").addEventListener("input", function () {
    confirmedShort = null; $("nickname-warning").hidden = true;
  });

  // Shorten a long name from the middle names, as a roster name is ("Nguyễn … Thảo Nguyên").
  function shorten(name) {
    const words = name.split(" ");
    while (words.join(" ").length > MAX_NAME && words.length > 2) words.splice(1, 1);
    return words.join(" ").slice(0, MAX_NAME).trim();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const value = function (name) { const f = field(name); return f ? f.value.trim() : ""; };
    const wanted = value("pin").replace(/\s+/g, "");
    if (!/^\d{6}$/.test(wanted)) { joinError(S.pinRequired); return; }
    joinError("");
    const payload = { pin: wanted, token: load(TOKEN_PREFIX + wanted), school_link: value("school_link") };
    if (rosterOn) {
      if (!value("roster_entry")) { joinError(S.rosterPick); return; }
      payload.roster_entry = Number(value("roster_entry"));
    } else {
      let nickname = value("nickname").replace(/\s+/g, " ");
      if (!nickname) { joinError(S.nicknameRequired); return; }
      if (Array.from(nickname).length > MAX_NAME) {
        const short = shorten(nickname);
        if (confirmedShort !== short) {  // warn before shortening anything
          confirmedShort = short;
          $("nickname-warning").textContent = format(S.nicknameShortened, { name: short });
          $("nickname-warning").hidden = false;
          return;
        }
        nickname = short;
      }
      Object.assign(payload, { nickname: nickname, school: value("school"), school_code: value("school_code"), class: value("class") });
      if (groupBox && groupBox.checked) {
        const members = value("members").split("\n").map(function (m) { return m.trim(); }).filter(Boolean);
        if (members.length < 2 || members.length > 6) { joinError(S.groupNeeds); return; }
        payload.members = members;
      }
      save(PROFILE_KEY, JSON.stringify({ nickname: nickname, school: payload.school, schoolCode: payload.school_code, klass: payload.class }));
    }
    const button = $("join-submit");
    button.disabled = true;
    button.textContent = S.joining;
    function send() {
      socket.emit("join", payload, function (ack) {
        // A token of an earlier game that had this PIN: forget it and join afresh.
        if (ack && ack.error === "invalid_token" && payload.token) {
          save(TOKEN_PREFIX + wanted, null);
          delete payload.token;
          send();
          return;
        }
        button.disabled = false;
        button.textContent = form.dataset.submitLabel;
        if (ack && ack.ok) { pin = wanted; accepted(ack); return; }
        joinError(errorText(ack, S.joinFailed));
      });
    }
    send();
  });
  form.dataset.submitLabel = $("join-submit").textContent;

  // ---- state ---------------------------------------------------------------------------------
  function receive(next) {
    if (!next) return;
    const question = next.question;
    if (next.me) { me = next.me; meQuestion = question ? question.id : null; }
    if (question && draft.qid !== question.id) draft = { qid: question.id, picks: [] };
    state = next;
    setCountdown(next);
    render();
  }

  // Sound: off on phones unless the pupil turns it on (a class of 30 phones is loud).
  const sounds = window.quizappSounds;
  if (sounds) sounds.attach($("sound"), "quizapp.sound.phone", false, { on: S.soundOn, off: S.soundOff });
  let heardPhase = null;
  let heardSecond = null;

  function render() {
    const phase = state.phase;
    if (sounds && phase !== heardPhase && (phase === "revealed" || phase === "finished")) {
      sounds.play(phase === "revealed" ? "reveal" : "podium");
    }
    heardPhase = phase;
    if (phase === "lobby") return renderLobby();
    if (phase === "preview" || phase === "open") return renderQuestion();
    if (phase === "closed") return renderClosed();
    if (phase === "revealed") return renderReveal();
    if (phase === "leaderboard") return renderBoard();
    if (phase === "finished") return renderOver();
  }

  function renderLobby() {
    $("lobby-nickname").textContent = me ? me.nickname : "";
    $("lobby-team").textContent = me && me.team ? me.team : "";
    $("lobby-count").textContent = plural(S.players, state.player_count);
    show("s-lobby");
  }

  function myAnswerFor(question) {
    // What this phone sent, or what the server says it stored (after a reload).
    const local = sent[question.id];
    if (local && local.status !== "error") return local;
    if (me && meQuestion === question.id && me.answered) return { status: "ok", answer: me.answer };
    return local || null;
  }

  function questionHead() {
    const q = state.question;
    $("q-number").textContent = format(S.questionOf, { n: state.question_index + 1, m: state.question_count });
    $("q-points").textContent = q.points === "double" ? S.doublePoints : (q.points === "none" ? S.noPoints : "");
    $("q-points").hidden = !$("q-points").textContent;
    $("q-text").textContent = q.text || "";
    $("q-text").hidden = !q.text;
    const media = $("q-media");
    if (q.media) { if (media.getAttribute("src") !== q.media) media.src = q.media; media.hidden = false; } else { media.hidden = true; media.removeAttribute("src"); }
  }

  function renderQuestion() {
    const q = state.question;
    if (!q) return;
    const mine = myAnswerFor(q);
    if (state.phase === "open" && mine && mine.status !== "error") return renderSent(mine);
    questionHead();
    const open = state.phase === "open";
    $("q-ready").hidden = open;
    $("q-paused").hidden = !state.paused;
    $("q-countdown").hidden = !open;
    if (!open) $("q-seconds").textContent = "";
    $("q-error").hidden = !(mine && mine.status === "error");
    $("q-error").textContent = mine && mine.status === "error" ? mine.message : "";
    const answers = $("q-answers");
    answers.replaceChildren();
    $("q-order").hidden = true;
    $("q-actions").hidden = true;
    $("q-hint").hidden = true;
    document.body.classList.toggle("is-paused", !!state.paused);
    if (open) buildAnswers(q, answers);
    show("s-question");
  }

  function choiceLabels(q) {
    const list = q.kind === "ordering" ? q.items : quizappLive.choiceTexts(q);
    const count = q.kind === "ordering" ? (q.item_count || (list ? list.length : 0)) : (q.choice_count || (list ? list.length : 0));
    const out = [];
    for (let i = 0; i < count; i++) out.push(list ? list[i] : null);
    return out;
  }

  function answerButton(index, label) {
    const button = el("button", "answer answer-" + index + (label === null ? " shape-only" : ""));
    button.type = "button";
    button.dataset.index = String(index);
    if (label === null) {
      const big = el("span", "answer-shape");
      big.append(shape(index));
      button.append(big, el("span", "answer-letter", LETTERS[index]));
      button.setAttribute("aria-label", LETTERS[index]);
    } else {
      button.append(badge(index), el("span", "answer-text", label));
    }
    button.append(icon("check", "pressed-tick"));  // shown while a choice of several is picked
    return button;
  }

  // A choice the show's 50:50 took away: greyed, unlabelled and not tappable.
  function markRemoved(button, index) {
    button.disabled = true;
    button.classList.add("is-removed");
    button.setAttribute("aria-label", LETTERS[index] + ": " + S.choiceRemoved);
    const text = button.querySelector(".answer-text");
    if (text) text.textContent = S.choiceRemoved;
  }

  function hint(text) { $("q-hint").textContent = text; $("q-hint").hidden = false; }

  function buildAnswers(q, answers) {
    const disabled = !!state.paused;
    const labels = choiceLabels(q);
    const removed = q.removed || [];
    draft.picks = draft.picks.filter(function (i) { return removed.indexOf(i) < 0; });
    const textless = labels.length > 0 && labels[0] === null;
    answers.className = "answers kind-" + q.kind + (textless ? " textless" : "") + (labels.length > 4 ? " many" : "");
    if (q.kind === "single" || q.kind === "true_false" || q.kind === "poll") {
      labels.forEach(function (label, i) {
        const button = answerButton(i, label);
        button.disabled = disabled;
        button.addEventListener("click", function () { send(q, { choices: [i] }, label); });
        if (removed.indexOf(i) >= 0) markRemoved(button, i);
        answers.append(button);
      });
    } else if (q.kind === "multiple") {
      hint(S.hintMultiple);
      labels.forEach(function (label, i) {
        const button = answerButton(i, label);
        button.disabled = disabled;
        button.setAttribute("aria-pressed", draft.picks.indexOf(i) >= 0 ? "true" : "false");
        button.addEventListener("click", function () {
          const at = draft.picks.indexOf(i);
          if (at >= 0) draft.picks.splice(at, 1); else draft.picks.push(i);
          button.setAttribute("aria-pressed", at >= 0 ? "false" : "true");
          $("q-send").disabled = draft.picks.length === 0;
        });
        if (removed.indexOf(i) >= 0) markRemoved(button, i);
        answers.append(button);
      });
      actions(false, draft.picks.length === 0 || disabled, function () {
        const picks = draft.picks.slice().sort(function (a, b) { return a - b; });
        send(q, { choices: picks }, picks.map(function (i) { return labels[i] === null ? LETTERS[i] : labels[i]; }).join(", "));
      });
    } else if (q.kind === "type_answer") {
      hint(S.hintType);
      const input = el("input", "type-input");
      input.type = "text";
      input.maxLength = q.max_length || 200;
      input.placeholder = S.typeHere;
      input.setAttribute("aria-label", S.typeHere);
      input.autocomplete = "off";
      input.value = draft.text || "";
      input.disabled = disabled;
      input.addEventListener("input", function () { draft.text = input.value; $("q-send").disabled = !input.value.trim(); });
      input.addEventListener("keydown", function (event) { if (event.key === "Enter" && input.value.trim()) $("q-send").click(); });
      answers.append(input);
      actions(false, !input.value.trim() || disabled, function () { send(q, { text: input.value.trim() }, input.value.trim()); });
    } else if (q.kind === "ordering") {
      hint(S.hintOrdering);
      const picked = $("q-order");
      const refresh = function () {
        answers.querySelectorAll("button.answer").forEach(function (b) {
          const at = draft.picks.indexOf(Number(b.dataset.index));
          b.disabled = at >= 0 || disabled;
          b.dataset.order = at >= 0 ? String(at + 1) : "";
        });
        picked.replaceChildren();
        draft.picks.forEach(function (i, n) {
          const row = el("div", "order-row answer-" + i);
          row.append(el("span", "order-n", String(n + 1)), badge(i), el("span", "answer-text", labels[i] === null ? "" : labels[i]));
          picked.append(row);
        });
        picked.hidden = draft.picks.length === 0;
        $("q-send").disabled = draft.picks.length !== labels.length || disabled;
      };
      labels.forEach(function (label, i) {
        const button = answerButton(i, label);
        button.addEventListener("click", function () { if (draft.picks.indexOf(i) < 0) { draft.picks.push(i); refresh(); } });
        answers.append(button);
      });
      actions(true, true, function () {
        send(q, { order: draft.picks.slice() }, draft.picks.map(function (i) { return LETTERS[i]; }));
      });
      $("q-reset").onclick = function () { draft.picks = []; refresh(); };
      refresh();
    }
  }

  function actions(withReset, sendDisabled, onSend) {
    $("q-actions").hidden = false;
    $("q-reset").hidden = !withReset;
    $("q-send").disabled = sendDisabled;
    $("q-send").textContent = S.send;
    $("q-send").onclick = onSend;
  }

  function send(q, fields, summary) {
    if (sent[q.id] && sent[q.id].status !== "error") return;
    sent[q.id] = { status: "sending", summary: summary };
    renderSent(sent[q.id]);
    const payload = Object.assign({ question: q.id }, fields);
    socket.emit("answer", payload, function (ack) {
      if (ack && ack.ok) sent[q.id] = { status: "ok", summary: summary };
      else if (ack && ack.error === "already_answered") sent[q.id] = { status: "ok", summary: "" };
      else sent[q.id] = { status: "error", summary: summary, code: ack && ack.error, message: errorText(ack, S.answerRefused) };
      const current = state && state.question && state.question.id === q.id;
      if (!current) return;
      if (sent[q.id].status === "error" && state.phase === "open" && RETRY_CODES.indexOf(sent[q.id].code) >= 0) renderQuestion();
      else if (state.phase === "open") renderSent(sent[q.id]);
      else render();
    });
  }

  function describeOwn(answer) {
    const q = state.question;
    if (!answer || !q) return "";
    const labels = choiceLabels(q);
    const name = function (i) { return labels[i] === null || labels[i] === undefined ? LETTERS[i] : LETTERS[i] + ". " + labels[i]; };
    if (answer.choices) return answer.choices.map(name).join(", ");
    if (answer.text) return answer.text;
    if (answer.order) return answer.order.map(function (i) { return LETTERS[i]; });  // drawn with arrows
    return "";
  }

  function renderSent(mine) {
    const error = mine.status === "error";
    if (mine.status === "sending") $("sent-icon").textContent = "…";
    else if (error) $("sent-icon").textContent = "!";
    else $("sent-icon").replaceChildren(icon("check"));
    $("sent-icon").className = "big-icon " + (error ? "bad" : "ok");
    $("sent-title").textContent = mine.status === "sending" ? S.sending : (error ? mine.message : S.received);
    const summary = mine.summary !== undefined ? mine.summary : describeOwn(mine.answer);
    const said = $("sent-answer");
    said.replaceChildren();
    if (summary && summary.length) {
      said.append(S.yourAnswer + " ");
      said.append(Array.isArray(summary) ? orderText(el("span", "order-answer"), summary) : summary);
    }
    said.hidden = !(summary && summary.length);
    $("sent-note").textContent = error ? "" : S.waitOthers;
    show("s-sent");
  }

  function renderClosed() {
    stopCountdown();
    const q = state.question;
    const mine = q ? myAnswerFor(q) : null;
    $("closed-note").textContent = mine && mine.status === "ok" ? S.answeredWait : S.notAnswered;
    show("s-closed");
  }

  function renderReveal() {
    stopCountdown();
    const q = state.question;
    const reveal = state.reveal || {};
    const result = me && meQuestion === q.id ? me.result : null;
    const mine = myAnswerFor(q);
    const answered = (me && meQuestion === q.id && me.answered) || (mine && mine.status === "ok");
    const box = $("reveal-result");
    let kind;
    if (q.kind === "poll") {
      kind = "poll";
      $("reveal-icon").replaceChildren(icon("check"));
      $("reveal-title").textContent = S.pollThanks;
    } else if (!answered) {
      kind = "missed";
      $("reveal-icon").textContent = "—";
      $("reveal-title").textContent = S.missed;
    } else if (result && result.correct) {
      kind = "right";
      $("reveal-icon").replaceChildren(icon("check"));
      $("reveal-title").textContent = S.correct;
    } else if (result && result.points > 0) {
      kind = "partial";
      $("reveal-icon").replaceChildren(icon("partial"));
      $("reveal-title").textContent = S.partial;
    } else {
      kind = "wrong";
      $("reveal-icon").replaceChildren(icon("cross"));
      $("reveal-title").textContent = S.wrong;
    }
    box.className = "result result-" + kind;
    const points = result ? result.points : 0;
    if (reveal.scored === false) $("reveal-points").textContent = S.notScored;
    else $("reveal-points").textContent = kind === "poll" ? "" : format(S.points, { n: points });
    $("reveal-points").hidden = !$("reveal-points").textContent;
    const bonus = result ? result.streak_bonus : 0;
    $("reveal-bonus").hidden = !bonus;
    if (bonus) iconLabel($("reveal-bonus"), "star", format(S.streakBonus, { n: bonus, s: me ? me.streak : "" }));
    else $("reveal-bonus").replaceChildren();
    $("reveal-question").textContent = q.text || "";
    $("reveal-question").hidden = !q.text;
    renderKey(q, reveal, answered && me && meQuestion === q.id ? me.answer : null);
    $("reveal-explain").textContent = reveal.explanation || "";
    $("reveal-explain-box").hidden = !reveal.explanation;
    $("reveal-total").textContent = me ? format(S.total, { n: me.total }) : "";
    show("s-reveal");
  }

  function renderKey(q, reveal, own) {
    const key = $("reveal-key");
    key.replaceChildren();
    const title = $("reveal-key-title");
    const labels = choiceLabels(q);
    if (reveal.correct_choices || q.kind === "poll") {
      title.textContent = q.kind === "poll" ? S.pollResults : S.correctAnswer;
      const correct = reveal.correct_choices || [];
      const chosen = own && own.choices ? own.choices : [];
      const counts = Array.isArray(reveal.distribution) ? reveal.distribution : [];
      labels.forEach(function (label, i) {
        const isCorrect = correct.indexOf(i) >= 0;
        const gone = (q.removed || []).indexOf(i) >= 0;
        const row = el("div", "answer answer-" + i + (isCorrect ? " is-correct" : " is-dim") + (gone ? " is-removed" : ""));
        const text = el("span", "answer-text", label === null ? "" : label);
        if (chosen.indexOf(i) >= 0) { text.append(el("small", "mine-tag", S.yourPick)); row.classList.add("is-mine"); }
        if (q.kind === "poll" && counts.length) row.append(el("span", "answer-count", String(counts[i] || 0)));
        row.prepend(badge(i));
        row.append(text);
        if (isCorrect) row.append(icon("check", "answer-tick"));
        key.append(row);
      });
    } else if (reveal.accepted_answers) {
      title.textContent = S.acceptedAnswers;
      const list = el("ul", "accepted");
      reveal.accepted_answers.forEach(function (a) { list.append(el("li", "", a)); });
      key.append(list);
      if (own && own.text) key.append(el("p", "own-text", S.yourAnswer + " " + own.text));
    } else if (reveal.correct_items) {
      title.textContent = S.correctOrder;
      const list = el("ol", "correct-order");
      reveal.correct_items.forEach(function (item, n) {
        const shown = reveal.correct_order ? reveal.correct_order[n] : n;
        const li = el("li", "order-row answer-" + shown);
        li.append(el("span", "order-n", String(n + 1)), badge(shown), el("span", "answer-text", item));
        list.append(li);
      });
      key.append(list);
    } else {
      title.textContent = "";
    }
    title.hidden = !title.textContent;
  }

  function boardList(target, rows) {
    target.replaceChildren();
    (rows || []).forEach(function (row) {
      const li = el("li", "board-row" + (me && row.nickname === me.nickname ? " is-me" : ""));
      li.append(el("span", "board-rank", String(row.rank)), el("span", "board-name", row.nickname),
        el("span", "board-score", String(row.score)));
      if (row.team) li.querySelector(".board-name").append(el("small", "board-team", row.team));
      target.append(li);
    });
  }

  function renderBoard() {
    stopCountdown();
    $("board-rank").textContent = me && me.rank ? "#" + me.rank : "–";
    $("board-total").textContent = me ? format(S.pointsShort, { n: me.total }) : "";
    boardList($("board-list"), state.leaderboard);
    show("s-board");
  }

  function renderOver() {
    stopCountdown();
    const podium = $("over-podium");
    podium.replaceChildren();
    const rows = state.podium || [];
    [1, 0, 2].forEach(function (at) {
      const row = rows[at];
      if (!row) return;
      const step = el("div", "podium-step podium-" + row.rank + (me && row.nickname === me.nickname ? " is-me" : ""));
      step.append(el("span", "podium-name", row.nickname), el("span", "podium-score", String(row.score)),
        el("span", "podium-block", String(row.rank)));
      podium.append(step);
    });
    $("over-rank").textContent = me && me.rank ? "#" + me.rank : "–";
    $("over-total").textContent = me ? format(S.pointsShort, { n: me.total }) : "";
    $("over-me").hidden = !me;
    save(TOKEN_PREFIX + pin, null);
    show("s-over");
  }

  // ---- countdown -----------------------------------------------------------------------------
  function setCountdown(next) {
    stopCountdown();
    if (next.phase !== "open" || next.remaining_ms === null || next.remaining_ms === undefined) return;
    countdown.limit = next.time_limit_ms || next.remaining_ms || 1;
    if (next.paused) { countdown.frozen = next.remaining_ms; paint(next.remaining_ms); return; }
    countdown.frozen = null;
    countdown.ends = performance.now() + next.remaining_ms;
    paint(next.remaining_ms);
    countdown.timer = window.setInterval(function () { paint(Math.max(0, countdown.ends - performance.now())); }, 100);
  }
  function stopCountdown() {
    if (countdown.timer) window.clearInterval(countdown.timer);
    countdown.timer = null;
  }
  function paint(remaining) {
    const fraction = Math.max(0, Math.min(1, remaining / countdown.limit));
    $("q-countdown-fill").style.width = (fraction * 100).toFixed(1) + "%";
    $("q-countdown-fill").classList.toggle("low", remaining <= 5000);
    const second = Math.ceil(remaining / 1000);
    $("q-seconds").textContent = second + "s";
    if (sounds && countdown.timer && second !== heardSecond && second >= 1 && second <= 5) {
      sounds.play(second === 1 ? "lastTick" : "tick");
    }
    heardSecond = second;
    if (remaining <= 0) { stopCountdown(); resyncIfStale(); }
  }
  // Time is up but no "closed" came: a message may have been lost (e.g. the server's message
  // queue restarted). Ask the server for the current state instead of waiting forever.
  function resyncIfStale() {
    window.setTimeout(function () {
      if (token && socket.connected && state && state.phase === "open" && !state.paused) resume();
    }, 3000);
  }

  // The page starts on "connecting"; a PIN-less visitor without a token sees the form at once.
  if (pin && token) wait(S.connecting); else showJoin();
})();
