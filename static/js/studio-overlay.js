// The broadcast overlay (OBS / vMix browser input, 1920×1080, transparent). Each graphic
// (scoreboard, lower third, answer, who buzzed, the round's own board, audience, winner) is a
// separate element: it animates in when the operator has it on air (state.graphics) AND it has
// something to show AND this page was asked for it (?only=…); it animates out otherwise. During
// an outage every graphic goes out: nothing stale stays on air. No controls, no sound, no URL.
"use strict";
(function () {
  const root = document.getElementById("studio-root");
  if (!root || typeof io !== "function" || !window.quizappStudio) return;
  const St = window.quizappStudio;
  const { S, $, el, format } = St;
  const only = (root.dataset.only || "").split(",").filter(Boolean);
  const STALE_MS = 2000;  // an outage longer than this takes every graphic off air
  let state = null;
  let audience = null;
  let online = false;
  let staleTimer = null;

  // Symbols are inline SVG icons: the bundled typeface has no glyph for ✓ ★ ◉ ✕ or the shapes.
  St.iconize(document);

  const clock = St.Countdown({ box: $("o-clock"), text: $("o-seconds"), fill: $("o-fill") });
  St.connect({
    watch: { role: "overlay", episode_id: Number(root.dataset.episodeId), key: root.dataset.key },
    onState: function (next) { state = next; render(); },
    onAudience: function (block) { audience = block; render(); },
    onStatus: function (up) {
      online = up;
      if (staleTimer) { window.clearTimeout(staleTimer); staleTimer = null; }
      if (up) { root.classList.remove("is-stale"); render(); return; }
      staleTimer = window.setTimeout(function () { root.classList.add("is-stale"); render(); }, STALE_MS);
    },
  });
  St.sounds.attach(null, "overlay", true);  // the studio's audio desk has the sound

  // ---- in and out ---------------------------------------------------------------------------
  function wanted(name) { return !only.length || only.indexOf(name) >= 0; }
  function put(node, has) {
    const name = node.dataset.graphic;
    const on = has && wanted(name) && !root.classList.contains("is-stale") && online &&
      !!state && (!state.graphics || state.graphics[name] !== false);
    if (on) {
      node.hidden = false;
      node.classList.remove("is-out");
      window.requestAnimationFrame(function () { node.classList.add("is-in"); });
    } else if (!node.hidden) {
      node.classList.remove("is-in");
      node.classList.add("is-out");
      window.setTimeout(function () { if (node.classList.contains("is-out")) node.hidden = true; }, 400);
    }
    return on;
  }
  document.querySelectorAll(".ov-g").forEach(function (node) { node.hidden = true; });

  // ---- text that fits its box: shrink to the box, never below data-min (px) ------------------
  function fit(node) {
    if (!node || node.hidden) return;
    node.style.fontSize = "";
    let size = parseFloat(window.getComputedStyle(node).fontSize);
    const min = Number(node.dataset.min || 20);
    while ((node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1) && size > min) {
      size = Math.max(min, size - 2);
      node.style.fontSize = size + "px";
    }
  }
  function fitAll() { document.querySelectorAll(".ov-g:not([hidden]) .fit").forEach(fit); }

  function onAir() { return !!(state && state.turn && state.stage === "playing"); }

  // ---- graphics ------------------------------------------------------------------------------
  function render() {
    if (!state) return;
    const turn = onAir() ? state.turn : null;
    root.classList.toggle("has-tree", !!(state.ladder && state.stage === "playing"));
    renderScores();
    renderLower(turn);
    renderBuzz(turn);
    renderAnswer(turn);
    renderRound(turn);
    renderAudience(turn);
    renderWinner();
    window.requestAnimationFrame(fitAll);
  }

  function renderScores() {
    const box = $("o-scores");
    St.renderSeats(box, state, { noSchool: true });
    box.querySelectorAll(".seat-name").forEach(function (name) { name.classList.add("fit"); name.dataset.min = "22"; });
    put(box, state.stage !== "lobby" && state.stage !== "finished");
  }

  function renderLower(turn) {
    clock.set(turn);
    $("o-bar").hidden = !(turn && turn.deadline_ms);
    if (turn) {
      $("o-round").textContent = St.roundTitle(state);
      $("o-meta").textContent = [St.turnLabel(turn), turn.owner ? St.seatLabel(state, turn.owner) : ""].filter(Boolean).join(" · ");
      $("o-star").hidden = !turn.star;
      $("o-text").textContent = turn.text || "";
      // 50:50 takes the two choices off screen; the correct one is marked at the reveal.
      const shown = Object.assign({}, turn, { choices: (turn.choices || []).map(function (c, i) { return (turn.hidden || []).indexOf(i) >= 0 ? "" : c; }) });
      St.renderChoices($("o-choices"), shown, { correct: turn.revealed ? turn.revealed.correct_choice : null });
      $("o-choices").querySelectorAll(".choice").forEach(function (choice, i) {
        if ((turn.hidden || []).indexOf(i) >= 0) choice.classList.add("is-removed");
      });
    }
    put($("o-lower"), !!turn);
  }

  function renderBuzz(turn) {
    const seat = turn && turn.mode === "buzz" && turn.phase === "answering" ? turn.answering : null;
    if (seat) $("o-buzz").replaceChildren(St.labelled("span", "ov-buzz-kicker", "bell", S.buzzed), el("span", "ov-buzz-name", St.seatLabel(state, seat)));
    put($("o-buzz"), !!seat);
  }

  function renderAnswer(turn) {
    const revealed = turn ? turn.revealed : null;
    if (revealed) $("o-answer-text").textContent = revealed.answer;
    put($("o-answer"), !!revealed);
  }

  function seatName(n) { return St.seatLabel(state, n); }

  // The round's own board: the obstacle rows, Tăng tốc answers and times, the finish pack, the ladder.
  function renderRound(turn) {
    const body = $("o-round-body");
    body.replaceChildren();
    let title = "";
    const type = state.round ? state.round.type : "";
    if (state.stage === "playing" && type === "obstacle" && state.obstacle) {
      const ob = state.obstacle;
      title = format(S.obstacleTitle, { n: ob.keyword_letters });
      ob.rows.forEach(function (row) {
        const line = el("div", "ov-row ov-row-" + row.state + (turn && turn.row === row.row ? " is-current" : ""));
        line.append(el("span", "ov-row-no", String(row.row)));
        const boxes = St.letterBoxes(row.letters, row.answer, "ov-letters");
        boxes.style.setProperty("--n", String(Math.max(row.letters, 8)));
        line.append(boxes);
        body.append(line);
      });
      if (ob.centre) {  // the centre tile's question, a row of its own under the four
        const centre = el("div", "ov-row ov-row-centre ov-row-" + ob.centre.state + (turn && turn.kind === "centre" ? " is-current" : ""));
        centre.append(el("span", "ov-row-no", S.centreMark));
        const boxes = St.letterBoxes(ob.centre.letters, ob.centre.answer, "ov-letters");
        boxes.style.setProperty("--n", String(Math.max(ob.centre.letters, 8)));
        centre.append(boxes);
        body.append(centre);
      }
      if (ob.keyword) body.append(el("p", "ov-keyword", ob.keyword));
    } else if (state.stage === "playing" && type === "ranked" && turn && turn.revealed) {
      title = S.rankedTitle;
      const typed = turn.revealed.typed || {};
      const ranks = turn.revealed.ranks || {};
      const rows = state.seats.map(function (s) { return [s.seat, typed[String(s.seat)]]; })
        .sort(function (a, b) { return ((a[1] && a[1].ms) || 1e9) - ((b[1] && b[1].ms) || 1e9); });
      rows.forEach(function (pair) {
        const answer = pair[1];
        const line = el("div", "ov-typed" + (answer && answer.correct ? " is-right" : " is-wrong"));
        line.append(el("span", "ov-typed-name", seatName(pair[0])));
        line.append(el("span", "ov-typed-text", answer ? answer.text : S.noAnswer));
        line.append(el("span", "ov-typed-time", answer && answer.ms !== null ? format(S.seconds, { s: (answer.ms / 1000).toFixed(2).replace(".", ",") }) : ""));
        const mark = el("span", "ov-typed-mark");
        mark.append(St.icon(answer && answer.correct ? "check" : "cross"));
        if (answer && answer.correct && ranks[String(pair[0])]) mark.append(el("span", "icon-text", String(ranks[String(pair[0])])));
        line.append(mark);
        body.append(line);
      });
    } else if (state.stage === "playing" && type === "finish" && state.finish && state.finish.on_turn && state.finish.pack) {
      const fin = state.finish;
      title = format(S.finishTitle, { name: seatName(fin.on_turn) });
      const pack = el("div", "ov-pack");
      fin.pack.forEach(function (value, i) {
        pack.append(el("span", "ov-pack-value" + (i < fin.done ? " is-done" : i === fin.done ? " is-current" : ""), String(value)));
      });
      body.append(pack);
      if (fin.star_on) body.append(St.labelled("p", "ov-star-line", "star", S.starSet));
    } else if (state.stage === "playing" && type === "ladder" && state.ladder) {
      const ladder = state.ladder;
      title = S.ladderTitle;
      const tree = el("ol", "ov-tree");
      ladder.steps.slice().reverse().forEach(function (value, i) {
        const step = ladder.steps.length - i;
        const item = el("li", "ov-step" + (ladder.safe_steps.indexOf(step) >= 0 ? " is-safe" : "") +
          (step === ladder.step + 1 ? " is-current" : step <= ladder.step ? " is-passed" : ""));
        item.append(el("span", "ov-step-no", String(step)), el("span", "ov-step-value", value.toLocaleString("vi-VN")));
        tree.append(item);
      });
      body.append(tree);
      const lifelines = el("div", "ov-lifelines");
      ladder.lifelines.forEach(function (name) {
        lifelines.append(el("span", "ov-lifeline" + (ladder.used.indexOf(name) >= 0 ? " is-used" : ""), S["lifeline_" + name] || name));
      });
      body.append(lifelines);
    }
    $("o-round-title").textContent = title;
    $("o-round-box").dataset.type = type;
    put($("o-round-box"), !!title);
  }

  // Ask-the-audience while it is asked (never 0% bars with no votes); else the top schools
  // between questions. The play URL is never on air: the studio screen shows the QR code.
  function renderAudience(turn) {
    const polled = St.renderPoll($("o-poll"), turn, audience, false);  // nothing until someone votes
    const between = state.stage === "playing" && (!turn || turn.phase === "revealed") && !state.ladder;
    const schools = !polled && between && audience && audience.schools ? audience.schools.slice(0, 3) : [];
    const list = $("o-schools");
    list.replaceChildren();
    schools.forEach(function (s) {
      const item = el("li");
      item.append(el("span", "ov-school-name", s.school), el("span", "ov-school-score", format(S.schoolLine, { average: Math.round(s.average), members: s.members })));
      list.append(item);
    });
    list.hidden = !schools.length;
    $("o-audience-title").textContent = polled ? S.pollTitle : S.schoolsTitle;
    put($("o-audience"), polled || schools.length > 0);
  }

  function renderWinner() {
    const winners = state.stage === "finished" ? state.winners || [] : [];
    if (winners.length) {
      $("o-winner-title").textContent = winners.length > 1 ? S.winnerTie : S.winnerOne;
      $("o-winner-name").textContent = winners.map(seatName).join(" · ");
      const top = St.seat(state, winners[0]) || {};
      $("o-winner-score").textContent = format(S.points, { n: top.score || 0 });
    }
    put($("o-winner"), winners.length > 0);
  }
})();
