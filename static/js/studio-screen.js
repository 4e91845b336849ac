// The studio screen: the big screen in the studio, often on camera. Laid out at 1920×1080
// inside the graphics-safe area and scaled to the window; contestants, the question and its
// timer, who has the floor, the verdict, the revealed answer, and each round's board. Nothing
// but the show: F (full screen) and M (sound) are keys, a lost connection is a small dot in
// the corner. Text shrinks to its box, never below the minimums of docs/broadcast.md.
"use strict";
(function () {
  const root = document.getElementById("studio-root");
  if (!root || typeof io !== "function" || !window.quizappStudio) return;
  const St = window.quizappStudio;
  const { S, $, el, format, icon } = St;
  const STAGE_W = 1920;
  const STAGE_H = 1080;
  const number = new Intl.NumberFormat(document.documentElement.lang === "en" ? "en" : "vi-VN");
  let state = null;
  let audience = null;
  let flashTimer = null;

  // ---- the stage: 1920×1080 px, scaled to the window (1280×720 is the same picture at 2/3) ------
  function scale() {
    const k = Math.min(window.innerWidth / STAGE_W, window.innerHeight / STAGE_H);
    root.style.setProperty("--k", String(k));
  }
  window.addEventListener("resize", scale);
  scale();

  // ---- keys, not buttons: F full screen, M sound ---------------------------------------------
  St.sounds.attach(null, "screen", false);
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    const key = event.key.toLowerCase();
    if (key === "f") {
      if (document.fullscreenElement) document.exitFullscreen();
      else if (document.fullscreenEnabled) document.documentElement.requestFullscreen().catch(function () { /* refused */ });
    } else if (key === "m") {
      root.dataset.sound = St.sounds.toggle() ? "on" : "off";
    }
  });
  root.dataset.sound = St.sounds.muted() ? "off" : "on";

  const clock = St.Countdown({ box: $("s-clock"), text: $("s-seconds"), ring: $("s-ring"), plainPause: true });
  $("s-clock").append(icon("pause", "ss-paused-icon"));
  $("s-star").prepend(icon("star"));
  document.querySelector(".ss-reveal-label").prepend(icon("check"));
  const dot = $("s-dot");
  St.connect({
    watch: { role: "screen", episode_id: Number(root.dataset.episodeId), key: root.dataset.key },
    onState: function (next) { state = next; render(); },
    onAudience: function (block) { audience = block; renderPoll(); fitAll(); },
    onStatus: function (up) { dot.classList.toggle("is-up", up); },
    onCue: cue,
  });

  // ---- verdict: a banner over the titles strip (never over a contestant) ---------------------
  function cue(name) {
    const flash = $("s-flash");
    const looks = { correct: ["is-right", "check", S.right], wrong: ["is-wrong", "cross", S.wrong], time_up: ["is-time", "clock", S.timeUp] };
    const look = looks[name];
    if (!look) return;
    flash.className = "ss-flash " + look[0];
    flash.replaceChildren(icon(look[1], "ss-flash-icon"), el("span", "ss-flash-text", look[2]));
    flash.hidden = false;
    if (flashTimer) window.clearTimeout(flashTimer);
    flashTimer = window.setTimeout(function () { flash.hidden = true; }, 2000);
  }

  // ---- text that fits its box -----------------------------------------------------------------
  // Every size is px on the 1920×1080 stage. One box (a name, a title) shrinks until it no longer
  // overflows; a column (the question and what follows it) shrinks its texts in turn, 2 px a step,
  // until the column holds them. Nothing goes below its data-min.
  function over(node) { return node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1; }
  function px(node) { return parseFloat(window.getComputedStyle(node).fontSize); }
  function fit(node) {
    if (!node || !node.offsetParent) return;
    node.style.fontSize = "";
    const min = Number(node.dataset.min || 20);
    let size = px(node);
    while (over(node) && size > min) {
      size = Math.max(min, size - 2);
      node.style.fontSize = size + "px";
    }
  }
  function fitColumn(box, nodes) {
    if (!box || !box.offsetParent) return;
    const shown = nodes.filter(function (n) { return n && n.offsetParent; });
    shown.forEach(function (n) { n.style.fontSize = ""; });
    for (let guard = 0; guard < 200 && over(box); guard++) {
      const next = shown.find(function (n) { return px(n) > Number(n.dataset.min || 20); });
      if (!next) break;
      next.style.fontSize = Math.max(Number(next.dataset.min || 20), px(next) - 2) + "px";
    }
  }
  // When the question column cannot hold everything at the minimum sizes, the lowest in rank
  // leaves the screen (the MC has it): the explanation, then, once revealed, the question's text.
  function fitAll() {
    document.querySelectorAll("#studio-root .fit").forEach(fit);
    const main = $("s-main");
    const column = [$("s-text"), $("s-explain"), $("s-choices"), $("s-typed"), $("s-answer")];
    main.querySelectorAll(".is-dropped").forEach(function (n) { n.classList.remove("is-dropped"); });
    fitColumn(main, column);
    const revealed = !$("s-reveal").hidden;
    [$("s-explain"), revealed ? $("s-text") : null].forEach(function (drop) {
      if (!drop || !drop.offsetParent || !over(main)) return;
      drop.classList.add("is-dropped");
      fitColumn(main, column);
    });
    fitColumn($("s-side"), [$("s-buzz").querySelector(".ss-buzz-name"), $("s-finish").querySelector(".ss-on-turn"),
      $("s-claims").querySelector(".ss-claim-list")]);
  }

  // The bundled font arrives after the first render: fit again with the real letters.
  if (document.fonts) {
    document.fonts.ready.then(fitAll);
    document.fonts.addEventListener("loadingdone", fitAll);
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
    St.renderSeats($("s-seats"), seatsView(state));
    $("s-seats").querySelectorAll(".seat-name").forEach(function (n) { n.classList.add("fit"); n.dataset.min = "22"; });
    $("s-seats").querySelectorAll(".seat-school").forEach(function (n) { n.classList.add("fit"); n.dataset.min = "18"; });
    root.dataset.seats = String($("s-seats").children.length);
    fitAll();
  }

  // The score cards' view. A ladder is one contestant's: after fastest finger first only the
  // chair's card is shown. Between rounds and at the end nobody is "on turn".
  function seatsView(view) {
    const ladder = view.ladder;
    const cards = Object.assign({}, view);
    if (view.stage !== "playing") cards.finish = null;
    if (ladder && view.seats.length > 1) cards.seats = view.seats.filter(function (s) { return s.seat === ladder.seat; });
    return cards;
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
    const kick = $("s-idle-kicker");
    kick.replaceChildren();
    if (state.stage === "finished" && (state.winners || []).length) kick.append(icon("crown"));
    kick.append(el("span", "icon-text", kicker));
    $("s-idle-title").textContent = title;
  }

  function renderQuestion(onAir) {
    const turn = state.turn;
    $("s-question").hidden = !onAir;
    clock.set(onAir ? turn : null);
    if (!onAir) return;
    const meta = $("s-meta");
    meta.replaceChildren();
    if (turn.call) meta.append(icon("phone"));  // a phone-a-friend or expert call is on
    meta.append(el("span", "icon-text", [St.turnLabel(turn), turn.owner ? St.seatLabel(state, turn.owner) : ""].filter(Boolean).join(" · ")));
    $("s-star").hidden = !turn.star;
    $("s-text").textContent = turn.text || "";  // a claimed keyword's clue is held back (clue_held)
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
    // The floor: a buzz won, or the contestant given the obstacle's keyword to answer.
    let seat = onAir && turn.mode === "buzz" && turn.phase === "answering" ? turn.answering : null;
    if (onAir && !seat && (turn.kind === "keyword" || turn.kind === "keyword_final") && turn.phase !== "revealed") seat = turn.owner || null;
    box.hidden = !seat;
    if (!seat) return;
    const kicker = el("span", "ss-buzz-kicker");
    kicker.append(icon("bell"), el("span", "icon-text", S.buzzedKicker));
    box.replaceChildren(kicker, el("span", "ss-buzz-name", St.seatLabel(state, seat)));
    box.querySelector(".ss-buzz-name").dataset.min = "30";
  }

  function renderReveal(onAir) {
    const revealed = onAir ? state.turn.revealed : null;
    $("s-reveal").hidden = !revealed;
    if (!revealed) return;
    // With choices on screen the right one is already ticked: the answer line can be smaller.
    $("s-reveal").classList.toggle("with-choices", (state.turn.choices || []).length > 0);
    // An order ("C → A → B → D"): the arrows are drawn, the font has none.
    const answer = $("s-answer");
    answer.replaceChildren();
    String(revealed.answer || "").split(" → ").forEach(function (part, i) {
      if (i) answer.append(icon("arrow", "ss-arrow"));
      answer.append(document.createTextNode(part));
    });
    $("s-explain").textContent = revealed.explanation || "";
    $("s-explain").hidden = !revealed.explanation;
    // Typed answers: a 2×2 grid in seat order, each with its time and the judge's correction.
    const list = $("s-typed");
    list.replaceChildren();
    const typed = revealed.typed || {};
    Object.keys(typed).sort(function (a, b) { return Number(a) - Number(b); }).forEach(function (seat) {
      const entry = typed[seat];
      const item = el("li", entry.correct ? "is-right" : "is-wrong");
      item.dataset.seat = seat;
      const mark = el("span", "ss-typed-mark");
      mark.append(icon(entry.correct ? "check" : "cross"));
      const head = el("span", "ss-typed-head");
      head.append(mark, el("span", "ss-typed-seat", St.seatLabel(state, Number(seat))));
      const line = el("span", "ss-typed-line");
      line.append(el("span", "ss-typed-text", entry.text));
      if (entry.ms !== null && entry.ms !== undefined) {  // when it arrived, to the hundredth
        line.append(el("span", "ss-typed-time", format(S.seconds, { s: (entry.ms / 1000).toFixed(2).replace(".", ",") })));
      }
      const rank = (revealed.ranks || {})[seat];
      if (rank) line.append(el("span", "ss-typed-rank", format(S.rank, { n: rank })));
      if (entry.corrected) line.append(el("span", "ss-typed-corrected", S.corrected));
      item.append(head, line);
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
      const no = el("span", "ss-row-no");
      if (row.state === "opened") no.append(icon("check"));
      else if (row.state === "played") no.append(icon("cross"));
      else no.textContent = String(row.row);
      const letters = St.letterBoxes(row.letters, row.answer, "row-letters");
      letters.style.setProperty("--n", String(Math.max(row.letters, 1)));
      line.append(no, letters);
      rows.append(line);
    });
    // The centre tile's question (piece 0 of the picture), a row of its own under the four.
    if (ob.centre) {
      const line = el("div", "ss-row ss-row-centre row-" + ob.centre.state);
      line.dataset.row = "0";
      if (turn && turn.kind === "centre" && turn.phase !== "revealed") line.classList.add("is-current");
      const no = el("span", "ss-row-no");
      if (ob.centre.state === "opened") no.append(icon("check"));
      else if (ob.centre.state === "played") no.append(icon("cross"));
      else no.textContent = S.centreMark;
      const letters = St.letterBoxes(ob.centre.letters, ob.centre.answer, "row-letters");
      letters.style.setProperty("--n", String(Math.max(ob.centre.letters, 1)));
      line.append(no, letters);
      rows.append(line);
    }
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
    const letters = St.letterBoxes(ob.keyword_letters, ob.keyword, "keyword-letters");
    letters.style.setProperty("--n", String(Math.max(ob.keyword_letters, 1)));
    keyword.replaceChildren(el("span", "ss-keyword-label", ob.keyword ? S.keywordSolved : format(S.keywordLetters, { n: ob.keyword_letters })), letters);
    // The keyword claims queue, in the order the server received them.
    const claims = $("s-claims");
    claims.replaceChildren();
    if (ob.claims && ob.claims.length) {
      claims.append(el("p", "ss-side-title", S.claimsTitle));
      const list = el("ol", "ss-claim-list");
      list.dataset.min = "22";
      ob.claims.forEach(function (c) {
        const out = ob.eliminated.indexOf(c[0]) >= 0;
        const item = el("li", out ? "is-out" : "");
        item.append(icon(out ? "ban" : "bell"), el("span", "icon-text", St.seatLabel(state, c[0])));
        list.append(item);
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
      const who = el("p", "ss-on-turn");
      who.dataset.min = "26";
      who.append(icon("play"), el("span", "icon-text", St.seatLabel(state, fin.on_turn)));
      box.append(el("p", "ss-side-title", S.finishTurn), who);
    }
    if (fin.pack) {
      box.append(el("p", "ss-side-title", S.packTitle));
      const chips = el("ol", "ss-pack");
      fin.pack.forEach(function (value, i) {
        const chip = el("li", "ss-pack-item" + (i < fin.done ? " is-done" : "") + (i === fin.done ? " is-current" : ""));
        const mark = el("span", "ss-pack-mark");
        if (i < fin.done) mark.append(icon("check"));
        else if (i === fin.done) mark.append(icon("play"));
        else mark.textContent = String(i + 1);
        chip.append(mark, el("span", "ss-pack-value", String(value)));
        chips.append(chip);
      });
      box.append(chips);
    }
    if (fin.star_on) {
      const star = el("p", "ss-star-big");
      star.append(icon("star"), el("span", "icon-text", S.starOn));
      box.append(star);
    }
  }

  function renderLadder() {
    const ladder = state.ladder;
    const box = $("s-ladder");
    box.hidden = !(ladder && state.stage !== "lobby");
    root.classList.toggle("has-tree", !box.hidden);
    if (box.hidden) return;
    const lifelines = $("s-lifelines");
    lifelines.replaceChildren();
    ladder.lifelines.forEach(function (name) {
      const used = ladder.used.indexOf(name) >= 0;
      const chip = el("span", "ss-lifeline" + (used ? " is-used" : ""));
      chip.dataset.lifeline = name;
      if (name === "phone_a_friend") chip.append(icon("phone"));
      if (used) chip.append(icon("cross"));
      chip.append(el("span", "icon-text", S["lifeline_" + name] || name));
      lifelines.append(chip);
    });
    const steps = $("s-steps");
    steps.replaceChildren();
    if (ladder.result) steps.append(el("li", "ss-step-result", S["ladderResult_" + ladder.result]));
    for (let i = ladder.steps.length - 1; i >= 0; i--) {
      const safe = ladder.safe_steps.indexOf(i + 1) >= 0;
      const done = i < ladder.step;
      const current = i === ladder.step && !ladder.result;
      const item = el("li", "ss-step" + (safe ? " is-safe" : "") + (done ? " is-done" : "") + (current ? " is-current" : ""));
      item.dataset.step = String(i + 1);
      const no = el("span", "ss-step-no");
      if (current) no.append(icon("play"));
      else if (done) no.append(icon("check"));
      no.append(el("span", "icon-text", String(i + 1)));
      item.append(no, el("span", "ss-step-value", number.format(ladder.steps[i])));
      if (safe) item.append(el("span", "ss-step-safe", S.safe));
      steps.append(item);
    }
  }

  function renderPoll() {
    if (!state) return;
    const turn = state.stage === "playing" ? state.turn : null;
    const shown = St.renderPoll($("s-poll"), turn, audience, false);
    $("s-poll-box").hidden = !shown;
  }
})();
