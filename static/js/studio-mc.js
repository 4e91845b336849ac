// The MC's console: the script to read aloud, the reference answer, and the show's flow buttons
// (each enabled only when the server's view says it applies).
"use strict";
(function () {
  const root = document.getElementById("studio-root");
  if (!root || typeof io !== "function" || !window.quizappStudio) return;
  const St = window.quizappStudio;
  const { S, $, el, format } = St;
  const episodeId = Number(root.dataset.episodeId);
  let state = null;
  let audience = null;
  let pack = [];  // the pack being chosen: one value per slot
  let packFor = null;  // the seat the pack builder was last set up for

  St.sounds.attach($("sound-toggle"), "mc", true);
  const clock = St.Countdown({ box: $("mc-clock"), text: $("mc-seconds"), fill: $("mc-fill"), pauseIcon: true });
  St.iconize($("studio-root"));
  const studio = St.connect({
    watch: { role: "mc", episode_id: episodeId },
    onState: function (next) { state = next; render(); },
    onAudience: function (block) { audience = block; renderAudience(); if (state) renderLadder(); },
  });

  function run(name, args, button) {
    if (button) button.disabled = true;
    return studio.command(name, args).then(function (ack) { if (!ack.ok && state) render(); return ack; });
  }

  // ---- buttons ---------------------------------------------------------------------------------
  $("mc-start-round").addEventListener("click", function (e) {
    // Mid-round, starting the next round cuts this one short: ask first.
    if (state && state.stage === "playing" && !window.confirm(S.confirmCut)) return;
    run("start_round", {}, e.currentTarget);
  });
  $("mc-next").addEventListener("click", function (e) { run("next_question", {}, e.currentTarget); });
  $("mc-start-timer").addEventListener("click", function (e) { run("start_timer", {}, e.currentTarget); });
  $("mc-reveal").addEventListener("click", function (e) { run("reveal", {}, e.currentTarget); });
  $("mc-take-keyword").addEventListener("click", function (e) { run("take_keyword", {}, e.currentTarget); });
  $("mc-choose-pack").addEventListener("click", function (e) { run("choose_pack", { values: pack.slice() }, e.currentTarget); });
  $("mc-star").addEventListener("click", function (e) { run("place_star", {}, e.currentTarget); });
  $("mc-walk").addEventListener("click", function (e) {
    if (window.confirm(S.confirmWalk)) run("walk_away", {}, e.currentTarget);
  });
  $("mc-pause").addEventListener("click", function (e) {
    const turn = state && state.turn;
    run(turn && turn.paused_left_ms !== null && turn.paused_left_ms !== undefined ? "resume_clock" : "pause_clock", {}, e.currentTarget);
  });
  $("mc-add-time").addEventListener("click", function (e) { run("add_time", { seconds: 5 }, e.currentTarget); });
  $("mc-re-ask").addEventListener("click", function (e) {
    if (window.confirm(S.confirmReAsk)) run("re_ask", {}, e.currentTarget);
  });
  $("mc-void").addEventListener("click", function (e) {
    if (window.confirm(S.confirmVoid)) run("void_question", {}, e.currentTarget);
  });
  // Hotkeys: each presses the button it names, only when that button is enabled.
  const HOTKEYS = { t: "mc-start-timer", n: "mc-next", r: "mc-reveal", p: "mc-pause", "+": "mc-add-time", "=": "mc-add-time", c: "mc-cue-next" };
  document.querySelectorAll(".graphic-toggle").forEach(function (button) {
    button.addEventListener("click", function () {
      const on = button.getAttribute("aria-pressed") !== "true";
      run("graphic", { graphic: button.dataset.graphic, on: on }, button);
    });
  });
  $("mc-cue-prev").addEventListener("click", function (e) { run("cue", { index: state.rundown.cue - 1 }, e.currentTarget); });
  $("mc-cue-next").addEventListener("click", function (e) { run("cue", { index: state.rundown.cue + 1 }, e.currentTarget); });
  document.addEventListener("keydown", function (event) {
    if (event.repeat || event.ctrlKey || event.metaKey || event.altKey) return;
    const tag = event.target && event.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    const id = HOTKEYS[event.key.toLowerCase()];
    if (!id || $(id).disabled) return;
    event.preventDefault();
    $(id).click();
  });
  $("mc-end").addEventListener("click", function (e) {
    if (window.confirm(S.confirmEnd)) run("end_show", {}, e.currentTarget);
  });

  // ---- what applies now --------------------------------------------------------------------
  function turnLeft() {
    const turn = state.turn;
    if (!turn || turn.phase === "revealed") return true;
    return turn.phase === "settled" && state.answer && state.answer.revealable === false;
  }
  function type() { return state.round ? state.round.type : null; }
  function canNext() {
    if (state.stage !== "playing" || !turnLeft()) return false;
    const ob = state.obstacle;
    if (type() === "obstacle" && ob && ob.solved_by === null && ob.keyword === null) {
      return ob.rows.every(function (r) { return r.state !== "hidden"; });
    }
    const fin = state.finish;
    if (type() === "finish" && fin) return fin.on_turn === null || fin.pack !== null;
    return true;
  }
  function canReveal() {
    const turn = state.turn;
    if (state.stage !== "playing" || !turn) return false;
    if (state.answer && state.answer.revealable === false) return false;
    return turn.phase === "settled" || (turn.phase === "closed" && (turn.mode === "typed" || turn.mode === "order"));
  }

  function render() {
    if (!state) return;
    const turn = state.turn;
    const playing = state.stage === "playing";
    $("mc-round").textContent = state.round ? St.roundProgress(state) + " · " + St.roundTitle(state) : S.notStarted;
    $("mc-phase").textContent = turn && playing ? St.phaseLabel(turn) : "";
    $("mc-phase").hidden = !(turn && playing);
    $("mc-phase").dataset.phase = turn ? turn.phase : "";
    clock.set(playing ? turn : null);
    renderScript();
    renderFlow();
    renderObstacle();
    renderFinish();
    renderLadder();
    St.renderSeats($("mc-seats"), state);
    renderRundown();
    document.querySelectorAll(".graphic-toggle").forEach(function (button) {
      const on = !state.graphics || state.graphics[button.dataset.graphic] !== false;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.classList.toggle("primary", on);
      button.disabled = state.stage === "finished";
    });
  }

  // The run-down: the item on now stands out; a click cues any item.
  function renderRundown() {
    const rundown = state.rundown;
    const list = $("mc-rundown");
    list.replaceChildren();
    if (!rundown) return;
    rundown.items.forEach(function (item, i) {
      const li = el("li", "rundown-item" + (i === rundown.cue ? " is-current" : "") + (item.kind === "break" ? " is-break" : ""));
      const button = el("button", "rundown-cue", item.title);
      button.type = "button";
      button.disabled = i === rundown.cue || state.stage === "finished";
      button.addEventListener("click", function () { run("cue", { index: i }, button); });
      li.append(button);
      if (item.kind === "break") li.append(el("span", "tag", S.breakTag));
      if (item.duration_s) li.append(el("span", "rundown-duration", Math.floor(item.duration_s / 60) + ":" + String(item.duration_s % 60).padStart(2, "0")));
      if (i === rundown.cue) li.setAttribute("aria-current", "step");
      list.append(li);
    });
    $("mc-cue-prev").disabled = rundown.cue <= 0 || state.stage === "finished";
    $("mc-cue-next").disabled = rundown.cue + 1 >= rundown.items.length || state.stage === "finished";
  }

  function rulesLine() {
    const rules = state.rules || {};
    const r = state.round;
    if (!r) return "";
    const list = function (v) { return Array.isArray(v) ? v.join("/") : v; };
    const values = {};
    Object.keys(rules).forEach(function (k) { values[k] = list(rules[k]); });
    if (r.type === "ladder") {
      values.count = (rules.steps || []).length;
      values.lifelines = (rules.lifelines || []).map(function (name) { return S["lifeline_" + name] || name; }).join(", ");
    }
    if (r.type === "buzzer" && rules.only_if_tied) return format(S.rules_tiebreak, values);
    if (r.type === "buzzer" && (rules.buzz_while_reading || rules.bonus_parts)) return format(S.rules_bowl, values);
    const template = S["rules_" + r.type];
    const line = template ? format(template, values) : "";
    // The centre tile's question, when this episode's obstacle has one.
    return r.type === "obstacle" && state.obstacle && state.obstacle.centre ? line + " · " + format(S.rules_centre, values) : line;
  }

  function renderScript() {
    const turn = state.turn;
    const answer = state.answer;
    $("mc-round-title").textContent = St.roundTitle(state);
    $("mc-rules").textContent = rulesLine();
    const onAir = !!turn && state.stage === "playing";
    let meta = "";
    if (onAir) {
      const who = turn.owner ? format(S.owner, { name: St.seatLabel(state, turn.owner) })
        : (turn.kind === "steal" || turn.mode === "buzz" || turn.mode === "typed" || turn.mode === "order" ? S.everyone : "");
      meta = [St.turnLabel(turn), who].filter(Boolean).join(" · ");
    }
    $("mc-meta").textContent = meta;
    $("mc-text").textContent = onAir ? turn.text : "";
    $("mc-text").hidden = !onAir;
    const media = $("mc-media");
    if (onAir && turn.media) { if (media.getAttribute("src") !== turn.media) media.src = turn.media; media.hidden = false; }
    else { media.hidden = true; media.removeAttribute("src"); }
    const choices = $("mc-choices");
    St.renderChoices(choices, onAir ? turn : null, { tag: "li", correct: answer ? answer.correct_choice : null });
    let idle = "";
    if (state.stage === "lobby") idle = S.lobby;
    else if (state.stage === "round_over") idle = S.roundOver;
    else if (state.stage === "finished") idle = S.finished;
    else if (!turn || turn.phase === "revealed") {
      if (type() === "obstacle" && state.obstacle && !canNext() && state.obstacle.keyword === null) idle = S.pickRowHint;
      else if (type() === "finish" && state.finish && state.finish.on_turn !== null && state.finish.pack === null) idle = S.choosePackHint;
      else idle = S.betweenQuestions;
    }
    $("mc-idle").textContent = idle;
    $("mc-idle").hidden = !idle;
    $("mc-key").hidden = !(onAir && answer);
    if (onAir && answer) {
      St.orderText($("mc-answer"), answer.reference).prepend(St.icon("check"));
      $("mc-explain").textContent = answer.explanation || "";
      $("mc-explain").hidden = !answer.explanation;
    }
    // Who buzzed, in the order the server received them.
    const floorSeat = onAir ? St.floor(turn) : null;
    const floorBox = $("mc-floor");
    floorBox.hidden = !(onAir && turn.mode === "buzz" && floorSeat);
    if (!floorBox.hidden) St.iconLabel(floorBox, "bell", format(S.floorNow, { name: St.seatLabel(state, floorSeat) }));
    const list = $("mc-buzzes");
    list.replaceChildren();
    const buzzes = onAir ? turn.buzzes || [] : [];
    buzzes.forEach(function (b, i) {
      const text = i === 0 ? format(S.buzzFirst, { name: St.seatLabel(state, b[0]) })
        : format(S.buzzLater, { name: St.seatLabel(state, b[0]), ms: b[1] - buzzes[0][1] });
      const item = el("li", "buzz-" + b[2]);
      if (b[2] === "won") St.iconLabel(item, "bell", text); else item.textContent = text;
      list.append(item);
    });
    const typed = $("mc-typed");
    typed.hidden = !(onAir && (turn.mode === "typed" || turn.mode === "order"));
    if (!typed.hidden) typed.textContent = format(turn.mode === "order" ? S.orderCount : S.typedCount, { n: (turn.answered || []).length, m: (turn.seats || []).length });
    const ff = state.fastest_finger;  // fastest finger first: who took the chair, or who plays again
    if (ff && ff.winner) typed.textContent = format(S.chairTo, { name: St.seatLabel(state, ff.winner) });
    else if (ff && ff.replay && ff.replay.length && turnLeft()) typed.textContent = format(S.chairReplay, { names: ff.replay.map(function (n) { return St.seatLabel(state, n); }).join(", ") });
    if (ff && (ff.winner || (ff.replay && ff.replay.length && turnLeft()))) typed.hidden = false;
  }

  function setButton(id, enabled, primary) {
    const button = $(id);
    button.disabled = !enabled;
    button.classList.toggle("primary", !!(enabled && primary));
  }

  function renderFlow() {
    const turn = state.turn;
    const playing = state.stage === "playing";
    const timer = playing && turn && turn.phase === "reading" && !turn.call;  // the call first
    const reveal = canReveal();
    const next = canNext();
    const lastRound = state.round && state.round.index + 1 >= state.round.count;
    const startRound = state.stage !== "finished" && (state.stage !== "playing" || turnLeft());
    setButton("mc-start-timer", timer, true);
    // A question without a clock (a ladder question) is opened the same way, but says so.
    St.iconLabel($("mc-start-timer"), "play", turn && playing && !turn.time_ms ? S.openNoClock : S.startTimer);
    setButton("mc-reveal", reveal, !timer);
    setButton("mc-next", next, !timer && !reveal);
    setButton("mc-start-round", startRound, !timer && !reveal && !next);
    $("mc-start-round").textContent = state.stage === "lobby" ? S.startFirstRound : (lastRound ? S.endRounds : S.nextRound);
    const finalKeyword = type() === "obstacle" && next && state.obstacle && state.obstacle.keyword === null && state.obstacle.solved_by === null;
    const centreNext = finalKeyword && state.obstacle.centre && state.obstacle.centre.state === "hidden";
    $("mc-next").textContent = centreNext ? S.centreNext : (finalKeyword ? S.finalKeyword : S.nextQuestion);
    $("mc-end").disabled = state.stage === "finished";
    const paused = !!turn && turn.paused_left_ms !== null && turn.paused_left_ms !== undefined;
    const clockOn = playing && !!turn && (paused || !!turn.deadline_ms);
    $("mc-pause").disabled = !clockOn;
    St.iconLabel($("mc-pause"), paused ? "play" : "pause", paused ? S.resume : S.pause);
    $("mc-pause").classList.toggle("primary", paused);
    $("mc-add-time").disabled = !clockOn;
    $("mc-re-ask").disabled = !(playing && turn);
    $("mc-void").disabled = !(playing && turn && state.reserves_left > 0);
    St.iconLabel($("mc-void"), "cross", format(S.voidN, { n: state.reserves_left || 0 }));
    const hint = nextStep();
    if (hint) St.iconLabel($("mc-hint"), "arrow", hint); else $("mc-hint").textContent = "";
    $("mc-hint").hidden = !hint;
  }

  // What the MC waits for now, in words (nothing when a flow button says it).
  function nextStep() {
    const turn = state.turn;
    if (state.stage !== "playing" || !turn || turn.phase === "revealed") return "";
    if (turn.paused_left_ms !== null && turn.paused_left_ms !== undefined) return turn.paused_by === "recovery" ? S.hint_recovered : S.hint_paused;
    if (turn.call) return S.hint_call;
    if (turn.phase === "reading") return S.hint_reading;
    if (turn.phase === "open") return S["hint_open_" + turn.mode] || "";
    if (turn.phase === "answering") return S.hint_answering;
    if (turn.phase === "closed") return turn.mode === "typed" ? S.hint_closed_typed : (turn.mode === "order" ? S.hint_closed_order : S.hint_closed);
    if (turn.phase === "settled") return state.answer && state.answer.revealable === false ? S.hint_hidden : S.hint_settled;
    return "";
  }

  function renderObstacle() {
    const ob = state.obstacle;
    $("mc-obstacle").hidden = !(ob && state.stage === "playing");
    if (!ob) return;
    const open = turnLeft() && ob.solved_by === null && ob.keyword === null;
    const picker = $("mc-picker");
    picker.hidden = !(open && ob.picker);
    if (ob.picker) picker.textContent = format(S.pickerTurn, { name: St.seatLabel(state, ob.picker) });
    const rows = $("mc-rows");
    rows.replaceChildren();
    ob.rows.forEach(function (row, i) {
      const played = row.state !== "hidden";
      const button = el("button", "button row-button row-" + row.state,
        played ? format(S.rowPlayed, { n: row.row }) : format(S.rowButton, { n: row.row, letters: row.letters }));
      button.type = "button";
      button.dataset.row = String(row.row);
      button.disabled = played || !open;
      if (ob.answers && ob.answers[i]) button.title = ob.answers[i];
      button.addEventListener("click", function () { run("pick_row", { row: row.row }, button); });
      rows.append(button);
    });
    // The centre tile's question: after the rows (Câu tiếp), or earlier when the MC asks it.
    if (ob.centre) {
      const played = ob.centre.state !== "hidden";
      const centre = el("button", "button row-button row-" + ob.centre.state,
        played ? S.centrePlayed : format(S.centreButton, { letters: ob.centre.letters }));
      centre.type = "button";
      centre.id = "mc-centre";
      centre.disabled = played || !open;
      if (ob.centre_answer) centre.title = ob.centre_answer;
      centre.addEventListener("click", function () { run("pick_centre", {}, centre); });
      rows.append(centre);
    }
    $("mc-keyword").textContent = ob.keyword_answer ? format(S.keywordRef, { answer: ob.keyword_answer, n: ob.keyword_letters }) : "";
    const claims = $("mc-claims");
    claims.replaceChildren();
    let waiting = 0;
    (ob.claims || []).forEach(function (claim, i) {
      const seat = claim[0];
      const done = ob.tried.indexOf(seat) >= 0 || ob.eliminated.indexOf(seat) >= 0;
      if (!done) waiting += 1;
      const text = St.seatLabel(state, seat) + (i > 0 ? " (+" + (claim[1] - ob.claims[0][1]) + " ms)" : "");
      const item = el("li", done ? "is-done" : "", text);
      if (done) item.append(el("span", "tag", S.claimTried));
      claims.append(item);
    });
    if (!ob.claims || !ob.claims.length) claims.append(el("li", "muted", S.noClaims));
    $("mc-take-keyword").disabled = !(waiting && turnLeft() && ob.solved_by === null);
    $("mc-take-keyword").classList.toggle("primary", !$("mc-take-keyword").disabled);
  }

  function renderFinish() {
    const fin = state.finish;
    $("mc-finish").hidden = !(fin && state.stage === "playing");
    if (!fin) return;
    const rules = state.rules || {};
    const size = rules.pack_size || 3;
    $("mc-on-turn").textContent = fin.on_turn ? format(S.onTurnLabel, { name: St.seatLabel(state, fin.on_turn) }) : "";
    const choosing = fin.on_turn !== null && fin.pack === null;
    $("mc-pack-builder").hidden = !choosing;
    $("mc-pack").hidden = choosing || !fin.pack;
    if (choosing) {
      if (packFor !== fin.on_turn || pack.length !== size) { pack = new Array(size).fill(fin.values[0]); packFor = fin.on_turn; }
      const slots = $("mc-pack-slots");
      slots.replaceChildren();
      pack.forEach(function (value, slot) {
        const row = el("div", "pack-slot");
        row.append(el("span", "pack-slot-label", format(S.slot, { n: slot + 1 })));
        fin.values.forEach(function (option) {
          const button = el("button", "button value-button", String(option));
          button.type = "button";
          button.setAttribute("aria-pressed", option === value ? "true" : "false");
          button.addEventListener("click", function () { pack[slot] = option; renderFinish(); });
          row.append(button);
        });
        slots.append(row);
      });
      $("mc-choose-pack").textContent = format(S.choosePack, { values: pack.join(" – ") });
      $("mc-choose-pack").disabled = !turnLeft();
    } else if (fin.pack) {
      const box = $("mc-pack");
      box.replaceChildren(el("span", "", format(S.packDone, { values: fin.pack.join(" – "), done: fin.done, n: fin.pack.length })));
      if (fin.star_on) box.append(St.iconLabel(el("span", "star-on"), "star", S.starOn));
    }
    const turn = state.turn;
    const reading = turn && turn.phase === "reading" && turn.kind === "question";
    const star = rules.star && fin.on_turn !== null && fin.pack !== null && !fin.star_on
      && fin.star_used.indexOf(fin.on_turn) < 0 && (turnLeft() || reading);
    $("mc-star").hidden = !rules.star;
    $("mc-star").disabled = !star;
  }

  function renderLadder() {
    const ladder = state.ladder;
    $("mc-ladder").hidden = !(ladder && state.stage === "playing");
    if (!ladder) return;
    const turn = state.turn;
    const live = turn && turn.mode === "choice" && (turn.phase === "reading" || turn.phase === "open");
    const value = ladder.steps[Math.min(ladder.step, ladder.steps.length - 1)];
    $("mc-ladder-status").textContent = ladder.result ? S["ladderResult_" + ladder.result]
      : format(S.ladderStatus, { step: ladder.step + 1, n: ladder.steps.length, value: value, safe: ladder.safe_steps.join(", ") });
    const lock = $("mc-lock");
    lock.replaceChildren();
    (turn && turn.choices ? turn.choices : []).forEach(function (text, i) {
      const hidden = turn.hidden.indexOf(i) >= 0;
      const button = el("button", "button lock-button answer-" + i);
      button.type = "button";
      button.dataset.index = String(i);
      button.append(St.choiceBadge(i), el("span", "choice-text", hidden ? S.hiddenChoice : text));
      button.disabled = !(turn.mode === "choice" && turn.phase === "open") || hidden;
      if (turn.choice === i) button.setAttribute("aria-pressed", "true");
      button.addEventListener("click", function () { run("lock_answer", { choice: i }, button); });
      lock.append(button);
    });
    const lifelines = $("mc-lifelines");
    lifelines.replaceChildren();
    ladder.lifelines.forEach(function (name) {
      const used = ladder.used.indexOf(name) >= 0;
      const button = el("button", "button big lifeline" + (used ? " is-used" : ""), S["lifeline_" + name] || name);
      button.type = "button";
      button.id = "mc-lifeline-" + name;
      button.disabled = used || !live;
      button.addEventListener("click", function () { run("use_lifeline", { lifeline: name }, button); });
      lifelines.append(button);
    });
    $("mc-walk").disabled = !live;
    St.renderPoll($("mc-poll"), turn, audience, true);  // "no votes" is said here, never on air
  }

  function renderAudience() {
    if (!audience) return;
    $("mc-players").textContent = format(S.playersN, { n: audience.players });
    $("mc-pin").textContent = audience.pin || "–";
    const list = $("mc-schools");
    list.replaceChildren();
    (audience.schools || []).filter(function (s) { return !s.off_air; }).slice(0, 3).forEach(function (s) {
      list.append(el("li", "", format(S.schoolLine, { school: s.school, average: Math.round(s.average), members: s.members })));
    });
    renderOnAir();
  }

  // Every viewer nickname and school of the on-air block, each hidden or put back in one click.
  function onAirRow(kind, name, label, hidden, note) {
    const row = el("li", hidden || note ? "is-off-air" : "");
    row.append(el("span", "", label));
    if (note) row.append(el("small", "", " · " + note));
    if (note !== S.offAirUnmatched) {
      const button = el("button", "button small", hidden ? S.putBackOnAir : S.hideFromAir);
      button.type = "button";
      button.dataset.kind = kind;
      button.dataset.name = name;
      button.addEventListener("click", function () {
        button.disabled = true;
        studio.send("off_air", { kind: kind, name: name, hidden: !hidden }).then(function (ack) {
          button.disabled = false;
          if (!ack.ok) St.toast(ack.message || S.failed);
        });
      });
      row.append(button);
    }
    return row;
  }

  function renderOnAir() {
    const list = $("mc-onair");
    if (!list) return;
    list.replaceChildren();
    (audience.leaderboard || []).forEach(function (r) {
      list.append(onAirRow("player", r.nickname, r.nickname + " (" + r.score + ")", r.hidden, r.hidden ? S.offAirHidden : ""));
    });
    (audience.schools || []).forEach(function (s) {
      const note = s.off_air === "hidden" ? S.offAirHidden : (s.off_air ? S.offAirUnmatched : "");
      list.append(onAirRow("school", s.school, s.school || "–", s.off_air === "hidden", note));
    });
  }
})();
