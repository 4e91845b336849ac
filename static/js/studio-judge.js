// The judge's console: the reference answer, who has the floor, ĐÚNG / SAI, typed answers per
// seat, undo, manual score changes and the score log.
"use strict";
(function () {
  const root = document.getElementById("studio-root");
  if (!root || typeof io !== "function" || !window.quizappStudio) return;
  const St = window.quizappStudio;
  const { S, $, el, format } = St;
  const episodeId = Number(root.dataset.episodeId);
  let state = null;

  St.sounds.attach($("sound-toggle"), "judge", true);
  const clock = St.Countdown({ box: $("j-clock"), text: $("j-seconds"), fill: $("j-fill"), pauseIcon: true });
  St.iconize($("studio-root"));
  const studio = St.connect({
    watch: { role: "judge", episode_id: episodeId },
    onState: function (next) { state = next; render(); },
  });

  function run(name, args, button) {
    if (button) button.disabled = true;
    return studio.command(name, args).then(function (ack) { if (!ack.ok && state) render(); return ack; });
  }

  $("j-correct").addEventListener("click", function (e) { run("judge", { correct: true }, e.currentTarget); });
  $("j-wrong").addEventListener("click", function (e) { run("judge", { correct: false }, e.currentTarget); });
  $("j-undo").addEventListener("click", function (e) {
    // Once the answer is on air, taking a decision back is a correction: ask, and say so.
    if (state && state.undo_is_correction) {
      if (window.confirm(S.confirmCorrection)) run("undo", { confirm: true }, e.currentTarget);
      return;
    }
    run("undo", {}, e.currentTarget);
  });
  // Hotkeys: D đúng, S sai, U hoàn tác; each presses its button only when it is enabled.
  const HOTKEYS = { d: "j-correct", s: "j-wrong", u: "j-undo" };
  document.addEventListener("keydown", function (event) {
    if (event.repeat || event.ctrlKey || event.metaKey || event.altKey) return;
    const tag = event.target && event.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    const id = HOTKEYS[event.key.toLowerCase()];
    if (!id || $(id).disabled || $(id).closest("[hidden]")) return;
    event.preventDefault();
    $(id).click();
  });

  const form = $("j-adjust");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const seat = Number(form.elements.namedItem("seat").value);
    const delta = Number(form.elements.namedItem("delta").value);
    const reason = form.elements.namedItem("reason").value.trim();
    const error = $("j-adjust-error");
    if (!seat || !Number.isInteger(delta) || delta === 0 || !reason) {
      error.textContent = S.needReason;
      error.hidden = false;
      return;
    }
    error.hidden = true;
    run("adjust", { seat: seat, delta: delta, reason: reason }).then(function (ack) {
      if (!ack.ok) return;
      form.elements.namedItem("delta").value = "";
      form.elements.namedItem("reason").value = "";
      St.toast(S.adjusted, "ok");
    });
  });

  // The seat whose answer the two big buttons decide (oral owner or buzz winner), or null.
  function judged() {
    const turn = state.turn;
    if (!turn || state.stage !== "playing") return null;
    if (turn.mode === "buzz" && turn.phase === "answering") return turn.answering;
    if (turn.mode === "oral" && ["open", "answering", "closed"].indexOf(turn.phase) >= 0) return turn.owner;
    return null;
  }

  function render() {
    if (!state) return;
    const turn = state.turn;
    const playing = state.stage === "playing";
    $("j-round").textContent = state.round ? St.roundProgress(state) + " · " + St.roundTitle(state) : S.idle;
    $("j-phase").textContent = turn && playing ? St.phaseLabel(turn) : "";
    $("j-phase").hidden = !(turn && playing);
    $("j-phase").dataset.phase = turn ? turn.phase : "";
    clock.set(playing ? turn : null);

    const seat = judged();
    const floorSeat = playing ? St.floor(turn) : null;
    if (floorSeat) St.iconLabel($("j-floor"), turn.mode === "buzz" ? "bell" : "play", St.seatLabel(state, floorSeat));
    else $("j-floor").textContent = turn && playing && turn.mode === "buzz" && turn.phase === "open" ? S.waitBuzz : S.nobody;
    $("j-floor").classList.toggle("has-floor", !!seat);
    $("j-correct").disabled = !seat;
    $("j-wrong").disabled = !seat;
    // Typed answers are judged per seat in the table: the two big buttons step aside.
    const typed = !!(turn && playing && turn.mode === "typed");
    document.querySelector(".verdict-buttons").hidden = typed;
    $("j-floor").hidden = typed;
    $("j-undo").disabled = !state.can_undo;
    renderKey();
    renderTyped();
    St.renderSeats($("j-seats"), state, { noSchool: true });
    renderAdjustSeats();
    renderLog();
  }

  function renderKey() {
    const turn = state.turn;
    const answer = state.answer;
    const onAir = !!(turn && answer && state.stage === "playing");
    $("j-idle").hidden = onAir;
    $("j-answer-box").hidden = !onAir;
    $("j-meta").textContent = onAir ? [St.turnLabel(turn), turn.owner ? format(S.owner, { name: St.seatLabel(state, turn.owner) }) : ""].filter(Boolean).join(" · ") : "";
    $("j-text").textContent = onAir ? turn.text : "";
    if (!onAir) { $("j-reference").textContent = ""; return; }
    St.orderText($("j-reference"), answer.reference).prepend(St.icon("check"));
    const accepted = $("j-accepted");
    accepted.replaceChildren();
    (answer.accepted || []).forEach(function (text) { accepted.append(el("li", "", text)); });
    $("j-accepted-title").hidden = !(answer.accepted && answer.accepted.length);
    St.renderChoices($("j-choices"), turn, { tag: "li", correct: answer.correct_choice });
    $("j-explain").textContent = answer.explanation || "";
    $("j-explain").hidden = !answer.explanation;
  }

  function renderTyped() {
    const turn = state.turn;
    const answer = state.answer;
    const typedMode = !!(turn && turn.mode === "typed" && answer && state.stage === "playing");
    $("j-typed-box").hidden = !typedMode;
    if (!typedMode) return;
    const closed = turn.phase === "closed";
    $("j-typed-hint").textContent = turn.phase === "open" || turn.phase === "reading" ? S.typedHintOpen
      : (closed ? S.typedHintClosed : S.typedHintDone);
    const body = $("j-typed");
    body.replaceChildren();
    (turn.seats || []).forEach(function (seat) {
      const entry = (answer.typed || {})[String(seat)];
      const tr = el("tr");
      tr.dataset.seat = String(seat);
      tr.append(el("td", "", St.seatLabel(state, seat)));
      tr.append(el("td", entry ? "typed-text" : "typed-text is-missing", entry ? entry.text : S.noTyped));
      const verdict = entry ? entry.correct : null;
      const auto = el("td", "auto-verdict " + (verdict === true ? "is-right" : verdict === false ? "is-wrong" : ""), "–");
      if (verdict !== null && verdict !== undefined) St.iconLabel(auto, verdict ? "check" : "cross", verdict ? S.autoRight : S.autoWrong);
      tr.append(auto);
      const tools = el("td", "tools");
      if (entry) {
        [[true, S.judgeRight, "yes"], [false, S.judgeWrong, "no"]].forEach(function (option) {
          const button = el("button", "button small toggle toggle-" + option[2], option[1]);
          button.type = "button";
          button.setAttribute("aria-pressed", verdict === option[0] ? "true" : "false");
          button.disabled = !closed;
          button.addEventListener("click", function () { run("judge", { correct: option[0], seat: seat }, button); });
          tools.append(button);
        });
      }
      tr.append(tools);
      body.append(tr);
    });
  }

  function renderAdjustSeats() {
    const select = $("j-adjust-seat");
    const current = select.value;
    const wanted = (state.seats || []).map(function (s) { return s.seat + "|" + s.name; }).join(",");
    if (select.dataset.seats === wanted) return;
    select.dataset.seats = wanted;
    select.replaceChildren();
    (state.seats || []).forEach(function (s) {
      const option = el("option", "", St.seatLabel(state, s.seat));
      option.value = String(s.seat);
      select.append(option);
    });
    if (current) select.value = current;
  }

  function renderLog() {
    const body = $("j-log");
    body.replaceChildren();
    const log = (state.log || []).slice().reverse();
    if (!log.length) {
      const tr = el("tr");
      const td = el("td", "empty", S.emptyLog);
      td.colSpan = 4;
      tr.append(td);
      body.append(tr);
      return;
    }
    log.forEach(function (entry) {
      const tr = el("tr", entry.delta < 0 ? "is-minus" : "is-plus");
      tr.append(el("td", "", St.seatLabel(state, entry.seat)));
      tr.append(el("td", "num delta", (entry.delta > 0 ? "+" : entry.delta < 0 ? "−" : "±") + Math.abs(entry.delta)));
      tr.append(el("td", "num", String(entry.total)));
      const reason = el("td", "", S["reason_" + entry.reason] || entry.reason);
      if (entry.note) reason.append(el("span", "log-note", entry.note));
      tr.append(reason);
      body.append(tr);
    });
  }
})();
