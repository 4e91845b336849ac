// The broadcast overlay (OBS / vMix browser input, 1920×1080, transparent): a lower third with
// the question and its timer, the scoreboard, who buzzed, the revealed answer, the audience poll
// and, between questions, the audience's top schools. No controls, no sound.
"use strict";
(function () {
  const root = document.getElementById("studio-root");
  if (!root || typeof io !== "function" || !window.quizappStudio) return;
  const St = window.quizappStudio;
  const { S, $, el, format } = St;
  let state = null;
  let audience = null;
  let flashTimer = null;

  const clock = St.Countdown({ box: $("o-clock"), text: $("o-seconds"), fill: $("o-fill") });
  St.connect({
    watch: { role: "overlay", episode_id: Number(root.dataset.episodeId), key: root.dataset.key },
    onState: function (next) { state = next; render(); },
    onAudience: function (block) { audience = block; renderAudience(); },
    onCue: function (name) {
      const flash = $("o-flash");
      if (name !== "correct" && name !== "wrong") return;
      flash.className = "ov-flash " + (name === "correct" ? "is-right" : "is-wrong");
      flash.replaceChildren(el("span", "ov-flash-icon", name === "correct" ? "✓" : "✕"), el("span", "", name === "correct" ? S.right : S.wrong));
      flash.hidden = false;
      if (flashTimer) window.clearTimeout(flashTimer);
      flashTimer = window.setTimeout(function () { flash.hidden = true; }, 1800);
    },
  });
  // Sound stays with the studio: the overlay never plays cues.
  St.sounds.attach(null, "overlay", true);

  function onAir() {
    return !!(state && state.turn && state.stage === "playing");
  }

  function render() {
    if (!state) return;
    const turn = state.turn;
    const live = onAir();
    $("o-scores").hidden = state.stage === "lobby";
    St.renderSeats($("o-scores"), state, { noSchool: true });

    $("o-lower").hidden = !live;
    clock.set(live ? turn : null);
    $("o-bar").hidden = !(live && turn.deadline_ms);
    if (live) {
      $("o-round").textContent = St.roundTitle(state);
      $("o-meta").textContent = [St.turnLabel(turn), turn.owner ? St.seatLabel(state, turn.owner) : ""].filter(Boolean).join(" · ");
      $("o-star").hidden = !turn.star;
      $("o-text").textContent = turn.text;
      $("o-text").classList.toggle("long", turn.text.length > 150);
      St.renderChoices($("o-choices"), turn, { correct: turn.revealed ? turn.revealed.correct_choice : null });
    }
    const seat = live && turn.mode === "buzz" && turn.phase === "answering" ? turn.answering : null;
    const buzz = $("o-buzz");
    buzz.hidden = !seat;
    if (seat) buzz.replaceChildren(el("span", "ov-buzz-kicker", "◉ " + S.buzzed), el("span", "ov-buzz-name", St.seatLabel(state, seat)));
    const revealed = live ? turn.revealed : null;
    $("o-answer").hidden = !revealed;
    if (revealed) $("o-answer-text").textContent = revealed.answer;
    renderAudience();
  }

  function renderAudience() {
    if (!state) return;
    const turn = onAir() ? state.turn : null;
    const polled = St.renderPoll($("o-poll"), turn, audience);
    $("o-poll-box").hidden = !polled;
    // Between questions (nothing on air, or the answer is out): the audience's top schools.
    const between = state.stage !== "finished" && (!turn || turn.phase === "revealed");
    const schools = audience && audience.schools ? audience.schools.slice(0, 3) : [];
    const list = $("o-schools");
    list.replaceChildren();
    schools.forEach(function (s) {
      const item = el("li");
      item.append(el("span", "ov-school-name", s.school), el("span", "ov-school-score", format(S.schoolLine, { average: Math.round(s.average), members: s.members })));
      list.append(item);
    });
    $("o-schools-box").hidden = !(between && schools.length && !polled);
  }
})();
