// The studio screen (1920×1080): contestants, the question and its timer, who buzzed, the
// verdict, the revealed answer, and each round's board. Read-only; plays the sound cues.
"use strict";
(function () {
  const root = document.getElementById("studio-root");
  if (!root || typeof io !== "function" || !window.quizappStudio) return;
  const St = window.quizappStudio;
  const { S, $, el, format } = St;
  const number = new Intl.NumberFormat(document.documentElement.lang === "en" ? "en" : "vi-VN");
  let state = null;
  let audience = null;
  let flashTimer = null;

  St.sounds.attach($("sound-toggle"), "screen", false);
  St.fullscreenButton($("fullscreen"));
  // The sound and fullscreen switches and the reconnect note are for whoever sets the screen up:
  // they show while the mouse moves and leave the camera's view 3 s later.
  let toolsTimer = null;
  document.addEventListener("mousemove", function () {
    document.body.classList.add("show-tools");
    if (toolsTimer) window.clearTimeout(toolsTimer);
    toolsTimer = window.setTimeout(function () { document.body.classList.remove("show-tools"); }, 3000);
  });
  const clock = St.Countdown({ box: $("s-clock"), text: $("s-seconds"), ring: $("s-ring"), fill: $("s-fill") });
  St.connect({
    watch: { role: "screen", episode_id: Number(root.dataset.episodeId), key: root.dataset.key },
    onState: function (next) { state = next; render(); },
    onAudience: function (block) { audience = block; renderAudience(); renderPoll(); },
    onCue: cue,
  });

  // ---- verdict flash ------------------------------------------------------------------------------
  function cue(name) {
    const flash = $("s-flash");
    const looks = { correct: ["is-right", "✓", S.right], wrong: ["is-wrong", "✕", S.wrong], time_up: ["is-time", "⏱", S.timeUp] };
    const look = looks[name];
    if (!look) return;
    flash.className = "ss-flash " + look[0];
    flash.replaceChildren(el("span", "ss-flash-icon", look[1]), el("span", "ss-flash-text", look[2]));
    flash.hidden = false;
    if (flashTimer) window.clearTimeout(flashTimer);
    flashTimer = window.setTimeout(function () { flash.hidden = true; }, name === "time_up" ? 1300 : 2000);
  }

  // ---- rendering ----------------------------------------------------------------------------------
  function render() {
    if (!state) return;
    const turn = state.turn;
    const playing = state.stage === "playing";
    const type = state.round ? state.round.type : "";
    root.dataset.stage = state.stage;
    root.dataset.round = playing ? type : "";
    $("s-show").textContent = St.showName(state) || $("s-show").textContent;
    $("s-round").textContent = state.round ? St.roundTitle(state) : "";
    const onAir = !!(turn && playing);
    root.dataset.onAir = onAir ? "yes" : "no";
    root.dataset.phase = onAir ? turn.phase : "";
    renderIdle(onAir);
    renderQuestion(onAir);
    renderBuzz(onAir);
    renderReveal(onAir);
    renderObstacle();
    renderFinish();
    renderLadder();
    renderPoll();
    St.renderSeats($("s-seats"), hotSeat(state));
  }

  // A ladder is one contestant's: after fastest finger first only the chair's card is shown.
  function hotSeat(view) {
    const ladder = view.ladder;
    if (!ladder || view.seats.length < 2) return view;
    return Object.assign({}, view, { seats: view.seats.filter(function (s) { return s.seat === ladder.seat; }) });
  }

  function renderIdle(onAir) {
    let kicker = "";
    let title = "";
    const fin = state.finish;
    const ob = state.obstacle;
    if (state.stage === "lobby") { kicker = S.lobbyKicker; title = root.dataset.title || St.showName(state); }
    else if (state.stage === "round_over") { kicker = S.roundOver; title = St.roundTitle(state); }
    else if (state.stage === "finished") {
      const names = (state.winners || []).map(function (n) { return St.seatName(state, n); });
      kicker = names.length ? S.finished : S.noWinner;
      title = names.join(" · ");
    } else if (!onAir || state.turn.phase === "revealed") {
      if (fin && fin.on_turn && fin.pack === null) { kicker = St.roundTitle(state); title = format(S.choosePack, { name: St.seatLabel(state, fin.on_turn) }); }
    }
    if (!onAir && state.stage === "playing" && !title) {
      kicker = St.roundTitle(state);
      title = ob ? "" : S.betweenQuestions;
    }
    const show = !onAir && !!(title || kicker) && !(ob && state.stage === "playing");
    $("s-idle").hidden = !show;
    $("s-idle-kicker").textContent = kicker;
    $("s-idle-title").textContent = title;
  }

  function renderQuestion(onAir) {
    const turn = state.turn;
    $("s-question").hidden = !onAir;
    clock.set(onAir ? turn : null);
    $("s-bar").hidden = !(onAir && turn.deadline_ms);
    if (!onAir) return;
    $("s-meta").textContent = [St.turnLabel(turn), turn.owner ? St.seatLabel(state, turn.owner) : ""].filter(Boolean).join(" · ");
    $("s-star").hidden = !turn.star;
    $("s-text").textContent = turn.text || "";  // a claimed keyword's clue is held back (clue_held)
    $("s-text").classList.toggle("long", (turn.text || "").length > 160);
    const media = $("s-media");
    if (turn.media) { if (media.getAttribute("src") !== turn.media) media.src = turn.media; media.hidden = false; }
    else { media.hidden = true; media.removeAttribute("src"); }
    const revealed = turn.revealed;
    St.renderChoices($("s-choices"), turn, { correct: revealed ? revealed.correct_choice : null });
    $("s-question").classList.toggle("no-choices", !(turn.choices || []).length && !turn.media);
  }

  function renderBuzz(onAir) {
    const turn = state.turn;
    const box = $("s-buzz");
    const seat = onAir && turn.mode === "buzz" && turn.phase === "answering" ? turn.answering : null;
    box.hidden = !seat;
    if (!seat) return;
    box.replaceChildren(el("span", "ss-buzz-kicker", "◉ " + S.buzzedKicker), el("span", "ss-buzz-name", St.seatLabel(state, seat)));
  }

  function renderReveal(onAir) {
    const revealed = onAir ? state.turn.revealed : null;
    $("s-reveal").hidden = !revealed;
    if (!revealed) return;
    // With choices on screen the right one is already ticked: the answer line can be smaller.
    $("s-reveal").classList.toggle("with-choices", (state.turn.choices || []).length > 0);
    $("s-answer").textContent = revealed.answer;
    $("s-explain").textContent = revealed.explanation || "";
    $("s-explain").hidden = !revealed.explanation;
    const list = $("s-typed");
    list.replaceChildren();
    const typed = revealed.typed || {};
    Object.keys(typed).sort().forEach(function (seat) {
      const entry = typed[seat];
      const item = el("li", entry.correct ? "is-right" : "is-wrong");
      item.append(el("span", "ss-typed-mark", entry.correct ? "✓" : "✕"), el("span", "ss-typed-seat", St.seatLabel(state, Number(seat))),
        el("span", "ss-typed-text", entry.text));
      if (entry.ms !== null && entry.ms !== undefined) {  // when it arrived, to the hundredth
        item.append(el("span", "ss-typed-time", format(S.seconds, { s: (entry.ms / 1000).toFixed(2).replace(".", ",") })));
      }
      if (entry.corrected) item.append(el("span", "ss-typed-corrected", S.corrected));
      const rank = (revealed.ranks || {})[seat];
      if (rank) item.append(el("span", "ss-typed-rank", format(S.rank, { n: rank })));
      list.append(item);
    });
    list.hidden = !Object.keys(typed).length;
  }

  function renderObstacle() {
    const ob = state.obstacle;
    const active = !!(ob && state.stage === "playing");
    $("s-board").hidden = !active;
    $("s-claims").hidden = true;
    if (!active) return;
    const turn = state.turn;
    const rows = $("s-rows");
    rows.replaceChildren();
    ob.rows.forEach(function (row) {
      const line = el("div", "ss-row row-" + row.state);
      line.dataset.row = String(row.row);
      if (turn && turn.kind === "row" && turn.row === row.row && turn.phase !== "revealed") line.classList.add("is-current");
      const mark = row.state === "opened" ? "✓" : (row.state === "played" ? "✕" : String(row.row));
      line.append(el("span", "ss-row-no", mark), St.letterBoxes(row.letters, row.answer, "row-letters"));
      rows.append(line);
    });
    const img = $("s-picture-img");
    // The picture is the keyword's hint: it is fetched with this screen's studio key, never public.
    const picture = ob.picture ? "/studio/" + root.dataset.episodeId + "/picture?k=" +
      encodeURIComponent(root.dataset.key) + "&p=" + encodeURIComponent(ob.picture) : null;
    if (picture) { if (img.getAttribute("src") !== picture) img.src = picture; img.hidden = false; }
    else { img.hidden = true; img.removeAttribute("src"); }
    document.querySelectorAll("#s-picture .piece").forEach(function (piece) {
      const open = ob.pieces_open.indexOf(Number(piece.dataset.piece)) >= 0;
      piece.classList.toggle("open", open);
    });
    const keyword = $("s-keyword");
    keyword.replaceChildren(el("span", "ss-keyword-label", ob.keyword ? S.keywordSolved : format(S.keywordLetters, { n: ob.keyword_letters })),
      St.letterBoxes(ob.keyword_letters, ob.keyword, "keyword-letters"));
    // The keyword claims queue, in the order the server received them.
    const claims = $("s-claims");
    claims.replaceChildren();
    if (ob.claims && ob.claims.length) {
      claims.append(el("p", "ss-side-title", S.claimsTitle));
      const list = el("ol", "ss-claim-list");
      ob.claims.forEach(function (c) {
        const out = ob.eliminated.indexOf(c[0]) >= 0;
        list.append(el("li", out ? "is-out" : "", (out ? "⊘ " : "◉ ") + St.seatLabel(state, c[0])));
      });
      claims.append(list);
      claims.hidden = false;
    }
  }

  function renderFinish() {
    const fin = state.finish;
    const box = $("s-finish");
    box.hidden = !(fin && state.stage === "playing");
    if (box.hidden) return;
    box.replaceChildren();
    if (fin.on_turn) {
      box.append(el("p", "ss-side-title", S.finishTurn), el("p", "ss-on-turn", "▶ " + St.seatLabel(state, fin.on_turn)));
    }
    if (fin.pack) {
      box.append(el("p", "ss-side-title", S.packTitle));
      const chips = el("ol", "ss-pack");
      fin.pack.forEach(function (value, i) {
        const chip = el("li", "ss-pack-item" + (i < fin.done ? " is-done" : "") + (i === fin.done ? " is-current" : ""));
        chip.append(el("span", "ss-pack-mark", i < fin.done ? "✓" : (i === fin.done ? "▶" : String(i + 1))), el("span", "ss-pack-value", String(value)));
        chips.append(chip);
      });
      box.append(chips);
    }
    if (fin.star_on) box.append(el("p", "ss-star-big", "★ " + S.starOn));
  }

  function renderLadder() {
    const ladder = state.ladder;
    const box = $("s-ladder");
    box.hidden = !(ladder && state.stage !== "lobby");
    if (box.hidden) return;
    const lifelines = $("s-lifelines");
    lifelines.replaceChildren();
    ladder.lifelines.forEach(function (name) {
      const used = ladder.used.indexOf(name) >= 0;
      lifelines.append(el("span", "ss-lifeline" + (used ? " is-used" : ""), (used ? "✕ " : "") + (S["lifeline_" + name] || name)));
    });
    const steps = $("s-steps");
    steps.replaceChildren();
    for (let i = ladder.steps.length - 1; i >= 0; i--) {
      const safe = ladder.safe_steps.indexOf(i + 1) >= 0;
      const done = i < ladder.step;
      const current = i === ladder.step && !ladder.result;
      const item = el("li", "ss-step" + (safe ? " is-safe" : "") + (done ? " is-done" : "") + (current ? " is-current" : ""));
      item.dataset.step = String(i + 1);
      item.append(el("span", "ss-step-no", (current ? "▶ " : "") + (i + 1)), el("span", "ss-step-value", number.format(ladder.steps[i])));
      if (safe) item.append(el("span", "ss-step-safe", "◆ " + S.safe));
      steps.append(item);
    }
    if (ladder.result) {
      const line = el("li", "ss-step-result", S["ladderResult_" + ladder.result]);
      steps.prepend(line);
    }
  }

  function renderPoll() {
    if (!state) return;
    const turn = state.stage === "playing" ? state.turn : null;
    const shown = St.renderPoll($("s-poll"), turn, audience);
    $("s-poll-box").hidden = !shown;
  }

  function renderAudience() {
    if (!audience) return;
    $("s-players").textContent = format(S.playersN, { n: audience.players });
    $("s-pin").textContent = audience.pin || "";
    $("s-pin-line").hidden = !audience.pin;
  }
})();
