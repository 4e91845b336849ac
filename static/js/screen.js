// Big screen of a live contest (projector / TV): read-only, driven by `state` events on /screen.
"use strict";
(function () {
  const root = document.getElementById("screen-root");
  if (!root || typeof io !== "function" || !window.quizappLive) return;
  const { LETTERS, $, format, el, shape, errorText, plural } = window.quizappLive;
  const { icon } = window.quizappIcons;
  const S = window.quizappLive.strings();
  const CHIP_LIMIT = 60;
  const gameId = Number(root.dataset.gameId);
  const key = root.dataset.key;
  let state = null;
  let countdown = { ends: 0, limit: 1, timer: null };


  const VIEWS = ["v-lobby", "v-question", "v-reveal", "v-board", "v-podium"];
  function show(id) {
    VIEWS.forEach(function (v) { $(v).hidden = v !== id; });
    document.body.dataset.view = id.slice(2);
  }

  // ---- full screen ---------------------------------------------------------------------------
  const fsButton = $("fullscreen");
  fsButton.hidden = !document.fullscreenEnabled;
  fsButton.addEventListener("click", function () {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(function () { /* refused: stay windowed */ });
  });
  document.addEventListener("fullscreenchange", function () {
    const on = !!document.fullscreenElement;
    fsButton.querySelector("span").textContent = on ? S.exitFullscreen : S.fullscreen;
    document.body.classList.toggle("is-fullscreen", on);
  });

  // ---- socket --------------------------------------------------------------------------------
  const socket = io("/screen", { transports: ["websocket", "polling"] });
  socket.on("connect", function () {
    $("conn-banner").hidden = true;
    socket.emit("watch", { game_id: gameId, key: key }, function (ack) {
      if (ack && ack.ok) receive(ack.state);
      else { $("conn-banner").textContent = errorText(ack, S.failed); $("conn-banner").hidden = false; }
    });
  });
  socket.on("disconnect", function () { $("conn-banner").hidden = false; });
  socket.on("state", receive);

  function receive(next) {
    if (!next) return;
    state = next;
    setCountdown(next);
    render();
  }

  // ---- sound cues: on a change of phase, a new player, the last seconds ---------------------
  const sounds = window.quizappSounds;
  if (sounds) sounds.attach($("sound"), "quizapp.sound.screen", true, { on: S.soundOn, off: S.soundOff });
  let heard = { phase: null, players: null, second: null };
  function cue(next) {
    if (!sounds) return;
    if (next.phase === "lobby" && heard.players !== null && next.player_count > heard.players) sounds.play("lobby");
    if (next.phase !== heard.phase) {
      if (next.phase === "revealed") sounds.play("reveal");
      if (next.phase === "finished") sounds.play("podium");
    }
    heard = { phase: next.phase, players: next.player_count, second: heard.second };
  }
  function tick(remaining) {
    const second = Math.ceil(remaining / 1000);
    if (!sounds || second === heard.second) return;
    heard.second = second;
    if (second >= 1 && second <= 5) sounds.play(second === 1 ? "lastTick" : "tick");
  }

  function render() {
    const phase = state.phase;
    cue(state);
    $("paused").hidden = !state.paused;
    $("bar-players").textContent = plural(S.players, state.player_count);
    $("bar-progress").textContent = state.question_index !== null && state.question_index !== undefined
      ? format(S.questionOf, { n: state.question_index + 1, m: state.question_count }) : "";
    document.body.dataset.phase = phase;
    if (phase === "lobby") renderLobby();
    else if (phase === "preview" || phase === "open" || phase === "closed") renderQuestion();
    else if (phase === "revealed") renderReveal();
    else if (phase === "leaderboard") renderBoard();
    else if (phase === "finished") renderPodium();
    fitShown();
    // What is on screen and fitted, for people reading the DOM (and the layout tests).
    const index = phase === "lobby" || phase === "finished" ? "" : state.question_index;
    document.body.dataset.rendered = phase + ":" + index;
  }

  // ---- fitting long text -----------------------------------------------------------------------
  // Every size in a view is in em, so one font-size scales the whole view. Shrink it (binary
  // search) until nothing overflows, but not below MIN_SCALE: under that, text is no longer
  // readable from the back of a classroom, and boxes wrap instead (they never clip).
  const MIN_SCALE = 0.55;
  function overflows(view) {
    if (view.scrollHeight > view.clientHeight + 1 || view.scrollWidth > view.clientWidth + 1) return true;
    const boxes = view.querySelectorAll(".tile-text, .bar-text, .sq-text, .sr-text, .sr-explain, .chip, .stage-table .name");
    for (const box of boxes) {
      if (box.scrollWidth > box.clientWidth + 1) return true;
    }
    return false;
  }
  function fit(view) {
    view.style.fontSize = "";
    if (!overflows(view)) return;
    let low = MIN_SCALE, high = 1;
    for (let step = 0; step < 7; step++) {
      const middle = (low + high) / 2;
      view.style.fontSize = middle + "em";
      if (overflows(view)) high = middle; else low = middle;
    }
    view.style.fontSize = low + "em";
  }
  // The lobby keeps the newest names that fit; the rest are counted in the "+N" chip.
  function fitLobby() {
    const box = document.querySelector(".lobby-people");
    const list = $("lobby-names");
    let hidden = 0;
    while (box.scrollHeight > box.clientHeight + 1 && list.querySelector(".chip:not(.more)")) {
      list.querySelector(".chip:not(.more)").remove();
      hidden += 1;
      let more = list.querySelector(".chip.more");
      if (!more) { more = el("li", "chip more"); list.append(more); }
      more.dataset.extra = String(Number(more.dataset.extra || 0) + 1);
      more.textContent = format(S.morePlayers, { n: Number(more.dataset.extra) });
    }
    return hidden;
  }
  function fitShown() {
    const view = VIEWS.map($).find(function (v) { return !v.hidden; });
    if (!view) return;
    if (view.id === "v-lobby") fitLobby();
    else fit(view);
  }
  let resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () { if (state) render(); }, 150);
  });

  function renderLobby() {
    $("lobby-count").textContent = String(state.player_count);
    const names = state.nicknames || [];
    const list = $("lobby-names");
    list.replaceChildren();
    names.slice(-CHIP_LIMIT).forEach(function (name) { list.append(el("li", "chip", name)); });
    if (names.length > CHIP_LIMIT || state.player_count > CHIP_LIMIT) {
      const extra = state.player_count - Math.min(names.length, CHIP_LIMIT);
      const more = el("li", "chip more", format(S.morePlayers, { n: extra }));
      more.dataset.extra = String(extra);
      list.append(more);
    }
    $("lobby-waiting").hidden = names.length > 0;
    show("v-lobby");
  }

  function labelsOf(q) {
    if (q.kind === "ordering") return q.items || [];
    return quizappLive.choiceTexts(q) || [];
  }

  function renderQuestion() {
    const q = state.question;
    if (!q) return;
    const phase = state.phase;
    $("sq-number").textContent = format(S.questionOf, { n: state.question_index + 1, m: state.question_count });
    const points = q.points === "double" ? S.doublePoints : (q.points === "none" ? S.noPoints : "");
    $("sq-points").textContent = points;
    $("sq-points").hidden = !points;
    $("sq-text").textContent = q.text || "";
    const media = $("sq-media");
    if (q.media) { if (media.getAttribute("src") !== q.media) media.src = q.media; media.hidden = false; } else { media.hidden = true; media.removeAttribute("src"); }
    $("sq-middle").hidden = !q.media;
    $("sq-ready").hidden = phase !== "preview";
    $("sq-timer").hidden = phase !== "open";
    $("sq-countdown").hidden = phase !== "open";
    $("sq-count-box").hidden = phase === "preview";
    $("sq-count").textContent = (state.answer_count || 0) + "/" + state.player_count;
    let status = "";
    if (phase === "closed") status = S.timeUp;
    else if (phase === "open" && q.kind === "multiple") status = S.multipleHint;
    else if (phase === "open" && q.kind === "type_answer") status = S.typeAnswer;
    else if (phase === "open" && q.kind === "ordering") status = S.orderingHint;
    $("sq-status").textContent = status;
    $("sq-status").classList.toggle("alert", phase === "closed");
    const tiles = $("sq-tiles");
    tiles.replaceChildren();
    const labels = phase === "preview" ? [] : labelsOf(q);
    tiles.className = "tiles count-" + labels.length + (q.kind === "ordering" ? " kind-ordering" : "");
    labels.forEach(function (label, i) {
      const tile = el("div", "answer tile answer-" + i);
      const mark = el("span", "tile-shape");
      mark.append(shape(i));
      tile.append(mark, el("span", "tile-letter", LETTERS[i]), el("span", "tile-text", label));
      tiles.append(tile);
    });
    show("v-question");
  }

  function renderReveal() {
    const q = state.question;
    const reveal = state.reveal || {};
    $("sr-number").textContent = format(S.questionOf, { n: state.question_index + 1, m: state.question_count });
    $("sr-answered").textContent = reveal.scored === false ? S.notScored
      : format(S.answered, { n: reveal.answered || 0, m: state.player_count });
    $("sr-text").textContent = q.text || "";
    const bars = $("sr-bars");
    bars.replaceChildren();
    const dist = reveal.distribution;
    if (Array.isArray(dist)) {
      const labels = labelsOf(q);
      const most = Math.max.apply(null, dist.concat([1]));
      const correct = reveal.correct_choices || [];
      bars.className = "bars choices";
      dist.forEach(function (count, i) {
        const ok = correct.indexOf(i) >= 0;
        bars.append(bar(i, "answer-" + i + (ok ? " is-correct" : (correct.length ? " is-dim" : "")), [shape(i), el("span", "bar-letter", LETTERS[i])], labels[i] || "", count, most, ok));
      });
    } else if (dist) {
      bars.className = "bars split";
      const most = Math.max(dist.correct, dist.incorrect, 1);
      bars.append(bar(0, "bar-right", [icon("check")], S.correctCount, dist.correct, most, false),
        bar(1, "bar-wrong", [icon("cross")], S.incorrectCount, dist.incorrect, most, false));
      if (reveal.accepted_answers) {
        const box = el("div", "key-box");
        box.append(el("h2", "", S.acceptedAnswers), el("p", "key-text", reveal.accepted_answers.join(" · ")));
        bars.append(box);
      } else if (reveal.correct_items) {
        const box = el("div", "key-box");
        box.append(el("h2", "", S.correctOrder));
        const list = el("ol", "key-order");
        reveal.correct_items.forEach(function (item) { list.append(el("li", "", item)); });
        box.append(list);
        bars.append(box);
      }
    }
    $("sr-explain").textContent = reveal.explanation || "";
    $("sr-explain-box").hidden = !reveal.explanation;
    show("v-reveal");
  }

  // A bar's row: its mark (icons and letters), its label, a tick on a right answer.
  function bar(index, className, mark, label, count, most, correct) {
    const row = el("div", "bar-row" + (correct ? " row-correct" : ""));
    const head = el("div", "bar-label");
    const markBox = el("span", "bar-mark");
    markBox.append.apply(markBox, mark);
    head.append(markBox, el("span", "bar-text", label));
    if (correct) {
      const tick = el("span", "bar-tick");
      tick.append(icon("check"), el("span", "visually-hidden", S.correctCount));
      head.append(tick);
    }
    const track = el("div", "bar-track");
    const fill = el("div", "bar-fill " + className);
    fill.style.width = Math.max(2, Math.round(100 * count / most)) + "%";
    track.append(fill, el("span", "bar-count", String(count)));
    row.append(head, track);
    return row;
  }

  function renderBoard() {
    const rows = $("sb-rows");
    rows.replaceChildren();
    (state.leaderboard || []).forEach(function (r) {
      const tr = el("tr", r.rank <= 3 ? "top top-" + r.rank : "");
      const name = el("td", "name", r.nickname);
      if (r.team) name.append(el("small", "team", r.team));
      tr.append(el("td", "num rank", String(r.rank)), name, el("td", "num", String(r.score)));
      rows.append(tr);
    });
    const teams = state.team_leaderboard;
    $("sb-teams").hidden = !(teams && teams.length);
    const teamRows = $("sb-team-rows");
    teamRows.replaceChildren();
    (teams || []).slice(0, 10).forEach(function (t) {
      const tr = el("tr");
      const name = el("td", "name", t.team);
      name.append(el("small", "team", "(" + t.members + ")"));
      tr.append(el("td", "num rank", String(t.rank)), name, el("td", "num", String(t.score)));
      teamRows.append(tr);
    });
    document.querySelector(".boards").classList.toggle("two", !!(teams && teams.length));
    show("v-board");
  }

  function renderPodium() {
    const podium = $("sp-podium");
    podium.replaceChildren();
    const rows = state.podium || [];
    [1, 0, 2].forEach(function (at) {
      const row = rows[at];
      if (!row) return;
      const step = el("div", "podium-step podium-" + row.rank);
      const name = el("span", "podium-name", row.nickname);
      const medal = el("span", "podium-medal");
      medal.append(icon("star"));
      step.append(medal, name);
      if (row.team) step.append(el("span", "podium-team", row.team));
      step.append(el("span", "podium-score", String(row.score)), el("span", "podium-block", String(row.rank)));
      podium.append(step);
    });
    show("v-podium");
  }

  // ---- countdown -----------------------------------------------------------------------------
  function setCountdown(next) {
    if (countdown.timer) window.clearInterval(countdown.timer);
    countdown.timer = null;
    if (next.phase !== "open" || next.remaining_ms === null || next.remaining_ms === undefined) return;
    countdown.limit = next.time_limit_ms || next.remaining_ms || 1;
    countdown.ends = performance.now() + next.remaining_ms;
    paint(next.remaining_ms);
    if (!next.paused) {
      countdown.timer = window.setInterval(function () { paint(Math.max(0, countdown.ends - performance.now())); }, 100);
    }
  }
  function paint(remaining) {
    $("sq-seconds").textContent = String(Math.ceil(remaining / 1000));
    if (countdown.timer) tick(remaining);
    $("sq-timer").classList.toggle("low", remaining <= 5000);
    $("sq-countdown-fill").style.width = (Math.max(0, Math.min(1, remaining / countdown.limit)) * 100).toFixed(1) + "%";
    $("sq-countdown-fill").classList.toggle("low", remaining <= 5000);
    if (remaining <= 0 && countdown.timer) { window.clearInterval(countdown.timer); countdown.timer = null; }
  }
})();
