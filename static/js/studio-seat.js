// A contestant's phone or tablet: one huge buzzer, an answer box in typed rounds, the question
// and its timer. The buzzer's state comes from the server (`me.buzzer`), never from a guess.
"use strict";
(function () {
  const root = document.getElementById("studio-root");
  if (!root || typeof io !== "function" || !window.quizappStudio) return;
  const St = window.quizappStudio;
  const L = window.quizappLive;
  const { S, $, format } = St;
  const token = root.dataset.token;
  const buzzer = $("p-buzzer");
  let state = null;
  let lastBuzzer = null;
  let sentText = {};  // question id -> text this phone sent (shown until the view carries it)

  const clock = St.Countdown({ box: $("p-clock"), text: $("p-seconds"), fill: $("p-fill") });
  // This device's id, so a reconnecting phone takes its own seat back without being asked.
  let device = null;
  try {
    device = window.localStorage.getItem("quizapp-seat-device");
    if (!device) {
      device = Math.random().toString(36).slice(2) + Date.now().toString(36);
      window.localStorage.setItem("quizapp-seat-device", device);
    }
  } catch (e) { device = Math.random().toString(36).slice(2); }
  const studio = St.connect({
    watch: { role: "seat", token: token, device: device },
    onState: function (next) { state = next; render(); },
  });

  function showError(message) {
    $("p-error").textContent = message || "";
    $("p-error").hidden = !message;
  }

  function vibrate(pattern) {
    const active = !navigator.userActivation || navigator.userActivation.hasBeenActive;
    if (active && typeof navigator.vibrate === "function") {
      try { navigator.vibrate(pattern); } catch (e) { /* not allowed here */ }
    }
  }

  // ---- the buzzer -------------------------------------------------------------------------------
  function press() {
    // "ready" (the MC is reading) sends too: the server judges the press by when it arrived,
    // so a phone that learns of the open late is never the one that decides.
    if (!state || !state.me || (state.me.buzzer !== "armed" && state.me.buzzer !== "ready")) return;
    buzzer.disabled = true;
    buzzer.classList.add("pressed");
    studio.send("buzz", {}).then(function (ack) {
      buzzer.classList.remove("pressed");
      if (!ack.ok) { showError(ack.message || ack.error); render(); return; }
      showError(ack.outcome === "early" || ack.outcome === "held" ? S.early : "");
      // A won buzz vibrates when the state says "won"; a keyword claim has no such state.
      if (ack.won && state && state.turn && claimTurn(state.turn)) vibrate([180, 80, 180]);
    });
  }
  buzzer.addEventListener("click", press);
  document.addEventListener("keydown", function (event) {
    if (event.repeat || event.target === buzzer) return;  // a focused button clicks by itself
    const tag = event.target && event.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    if (event.key === " " || event.key === "Enter") { event.preventDefault(); press(); }
  });

  // ---- typed answers -----------------------------------------------------------------------------
  $("p-type").addEventListener("submit", function (event) {
    event.preventDefault();
    const input = $("p-type-input");
    const text = input.value.trim();
    if (!text) { showError(S.empty); return; }
    const qid = state && state.turn ? state.turn.qid : null;
    $("p-send").disabled = true;
    $("p-send").textContent = S.sending;
    studio.send("type_answer", { text: text }).then(function (ack) {
      $("p-send").disabled = false;
      $("p-send").textContent = $("p-send").dataset.label;
      if (!ack.ok) { showError(ack.message || ack.error); return; }
      showError("");
      sentText[qid] = text;
      input.value = "";
      render();
    });
  });
  $("p-send").dataset.label = $("p-send").textContent;

  // ---- fastest finger first: tap the items in order, then send ---------------------------------
  let order = [];
  let orderFor = null;  // the question the order being built belongs to
  $("p-order-clear").addEventListener("click", function () { order = []; render(); });
  $("p-order").addEventListener("submit", function (event) {
    event.preventDefault();
    const qid = state && state.turn ? state.turn.qid : null;
    $("p-order-send").disabled = true;
    studio.send("submit_order", { order: order.slice() }).then(function (ack) {
      if (!ack.ok) { showError(ack.message || ack.error); render(); return; }
      showError("");
      sentText[qid] = order.map(function (i) { return L.LETTERS[i]; }).join(" ");
      render();
    });
  });

  function renderOrder(me, turn) {
    const box = $("p-order");
    box.hidden = !me.can_order;
    if (box.hidden) return;
    if (orderFor !== turn.qid) { order = []; orderFor = turn.qid; }
    const items = $("p-order-items");
    const choices = turn.choices || [];
    // The buttons are made once per question: every other seat's move re-renders this page,
    // and replacing the button under a finger between its press and release loses the tap.
    const key = JSON.stringify([turn.qid, choices]);
    if (items.dataset.key !== key) {
      items.replaceChildren();
      choices.forEach(function (text, i) {
        const button = St.el("button", "button order-item answer-" + i);
        button.type = "button";
        const rank = St.el("span", "order-rank", "");
        button.append(St.choiceBadge(i), St.el("span", "choice-text", text), rank);
        button.addEventListener("click", function () {
          if (order.indexOf(i) < 0) { order.push(i); render(); }
        });
        items.append(button);
      });
      items.dataset.key = key;
    }
    Array.prototype.forEach.call(items.children, function (button, i) {
      const picked = order.indexOf(i);
      button.classList.toggle("is-picked", picked >= 0);
      button.disabled = picked >= 0;
      button.querySelector(".order-rank").textContent = picked >= 0 ? String(picked + 1) : "";
    });
    const letters = order.map(function (i) { return L.LETTERS[i]; });
    if (letters.length) fillIn($("p-order-picked"), S.orderPicked, "order", St.orderText(St.el("span", "order-answer"), letters));
    else $("p-order-picked").replaceChildren();
    $("p-order-send").disabled = order.length !== choices.length;
  }

  // ---- rendering ---------------------------------------------------------------------------------
  // A translated sentence with a node where its {key} stands ("Đáp án: {answer}").
  function fillIn(node, template, key, part) {
    const mark = "{" + key + "}";
    const at = template.indexOf(mark);
    if (at < 0) node.replaceChildren(template, " ", part);
    else node.replaceChildren(template.slice(0, at), part, template.slice(at + mark.length));
  }

  function render() {
    if (!state || !state.me) return;
    const me = state.me;
    const mine = St.seat(state, me.seat) || {};
    const turn = state.turn;
    const playing = state.stage === "playing";
    $("p-name").textContent = mine.name || "";
    $("p-school").textContent = mine.school || "";
    $("p-score").textContent = String(mine.score || 0);
    $("p-round").textContent = state.round ? St.roundTitle(state) : "";
    const onAir = !!(turn && playing);
    clock.set(onAir ? turn : null);
    const owner = onAir && turn.owner === me.seat;
    $("p-meta").textContent = onAir ? [St.turnLabel(turn), owner ? S.yourTurn : ""].filter(Boolean).join(" · ") : "";
    let text = "";
    if (onAir) text = turn.text || "";
    else if (state.stage === "finished") text = S.finished;
    else text = S.waiting;
    $("p-text").textContent = text;
    $("p-text").classList.toggle("is-waiting", !onAir);
    // While ordering, the items are the buttons below (not shown twice).
    St.renderChoices($("p-choices"), onAir && !me.can_order ? turn : null, { correct: onAir && turn.revealed ? turn.revealed.correct_choice : null });

    // My verdict and the answer, only once the view carries them.
    const verdict = onAir && turn.verdicts ? turn.verdicts[String(me.seat)] : undefined;
    $("p-verdict").hidden = verdict !== true && verdict !== false;
    if (!$("p-verdict").hidden) {
      St.iconLabel($("p-verdict"), verdict ? "check" : "cross", verdict ? S.verdictRight : S.verdictWrong);
      $("p-verdict").className = "seat-verdict " + (verdict ? "is-right" : "is-wrong");
    }
    const revealed = onAir && turn.revealed;
    $("p-answer").hidden = !revealed;
    // An order's answer ("C → A → B → D") is drawn with arrows.
    if (revealed) fillIn($("p-answer"), S.answerIs, "answer", St.orderText(St.el("span", "order-answer"), turn.revealed.answer));

    renderBuzzer(me, onAir);
    renderOrder(me, turn);
    // The answer box.
    const qid = onAir ? turn.qid : null;
    const typed = me.typed || (qid !== null ? sentText[qid] : null);
    $("p-type").hidden = !me.can_type;
    $("p-sent").hidden = !typed;
    if (typed) St.iconLabel($("p-sent"), "check", format(S.sent, { text: typed }));
    root.dataset.typing = me.can_type ? "yes" : "no";
  }

  // An obstacle row or its centre question: a press then claims the keyword.
  function claimTurn(turn) { return turn.kind === "row" || turn.kind === "centre"; }

  function renderBuzzer(me, onAir) {
    const ob = state.obstacle;
    let look = me.buzzer;
    let label = S.closed;
    let icon = "";  // the buzzer's icon (static/js/icons.js)
    let hint = "";
    const claimedKeyword = ob && (ob.claims || []).some(function (c) { return c[0] === me.seat; })
      && ob.tried.indexOf(me.seat) < 0 && ob.solved_by === null;
    const out = ob && ob.eliminated.indexOf(me.seat) >= 0;
    if (me.buzzer === "ready") {
      label = S.ready; icon = "ring"; hint = S.hintReady;
    } else if (me.buzzer === "armed") {
      label = onAir && claimTurn(state.turn) ? S.armedClaim : S.armed;
      icon = "bell";
      hint = S.hintKeys;
    } else if (me.buzzer === "won") {
      label = S.won; icon = "check";
    } else if (me.buzzer === "locked") {
      label = S.lockedLabel; icon = "cross"; hint = S.hintLocked;
    } else if (claimedKeyword) {
      look = "claimed"; label = S.claimed; icon = "bell";
    } else if (out) {
      look = "out"; label = S.out; icon = "ban";
    }
    // Rounds played without buzzers (oral, typed, ladder) hide it unless the server arms it.
    const type = state.round ? state.round.type : "";
    const buzzerRound = ["buzzer", "obstacle", "finish"].indexOf(type) >= 0;
    buzzer.hidden = !buzzerRound && me.buzzer === "closed";
    buzzer.dataset.state = look;
    buzzer.disabled = me.buzzer !== "armed" && me.buzzer !== "ready";
    $("p-buzzer-label").textContent = label;
    // Drawn again only when it changes: an icon replaced under a finger would lose its tap.
    const iconBox = $("p-buzzer-icon");
    if (iconBox.dataset.drawn !== icon) {
      iconBox.replaceChildren.apply(iconBox, icon ? [St.icon(icon)] : []);
      iconBox.dataset.drawn = icon;
    }
    $("p-hint").textContent = hint;
    $("p-hint").hidden = !hint || buzzer.hidden;
    // Typed rounds without a keyword to claim: the answer box matters, the buzzer steps back.
    root.classList.toggle("buzzer-small", !!(me.can_type && me.buzzer !== "armed"));
    if (me.buzzer === "won" && lastBuzzer !== "won") vibrate([250, 100, 250]);
    lastBuzzer = me.buzzer;
  }
})();
