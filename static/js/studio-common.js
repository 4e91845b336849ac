// What every gameshow studio page shares (docs/protocol.md, /studio): the socket and its `watch`,
// the reconnect banner, the server clock, countdowns, sound cues, toasts and seat rendering.
// Pages render only what the server's view gives them: nothing here works out an answer.
"use strict";
window.quizappStudio = (function () {
  const L = window.quizappLive;
  const { $, el, format } = L;
  // Every symbol on a studio page is an inline SVG icon (static/js/icons.js): the bundled typeface
  // (the studio screen's and the overlay's) has none of ✓ ✕ ★ ◉ ▶, nor have many phones' fonts (the seats').
  const { icon, iconLabel, iconize, orderText } = window.quizappIcons;
  // Strings: the block every studio page shares, then the page's own (both from the template).
  const S = Object.assign({}, JSON.parse(document.getElementById("studio-strings").textContent), L.strings());
  const ACK_TIMEOUT_MS = 6000;
  const LOW_MS = 3000;
  let offset = 0;  // server clock minus this machine's clock, measured at each `watch`

  function serverNow() { return Date.now() + offset; }
  function english() { return document.documentElement.lang === "en"; }
  function load(key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } }
  function save(key, value) { try { window.localStorage.setItem(key, value); } catch (e) { /* private mode */ } }

  // ---- toast: the server's own (Vietnamese) message when a command is refused -----------------
  let toastTimer = null;
  function toast(message, kind) {
    let box = $("studio-toast");
    if (!box) {
      box = el("div", "studio-toast");
      box.id = "studio-toast";
      box.setAttribute("role", "alert");
      document.body.append(box);
    }
    iconLabel(box, kind === "ok" ? "check" : "cross", message);
    box.className = "studio-toast " + (kind || "bad");
    box.hidden = false;
    if (toastTimer) window.clearTimeout(toastTimer);
    toastTimer = window.setTimeout(function () { box.hidden = true; }, 4500);
  }

  // ---- socket: watch on every (re)connection; the server is the only truth -------------------
  function connect(options) {
    const banner = $("conn-banner");
    const socket = io("/studio", { transports: ["websocket", "polling"] });
    let watching = false;
    function setBanner(text) {
      if (!banner) return;
      if (text) iconLabel(banner, "again", text); else banner.textContent = "";
      banner.hidden = !text;
    }
    let takenOver = false;
    function watch(extra) {
      const sent = Date.now();
      socket.timeout(ACK_TIMEOUT_MS).emit("watch", Object.assign({}, options.watch, extra || {}), function (err, ack) {
        if (err) { setBanner(S.noReply); return; }
        // A seat link open on another device: take the seat over only if this person says so.
        if (ack && ack.error === "seat_in_use" && !(extra && extra.take_over)) {
          if (window.confirm(S.seatInUse)) watch({ take_over: true });
          else { setBanner(ack.message || S.watchFailed); socket.disconnect(); }
          return;
        }
        if (!ack || !ack.ok) { setBanner((ack && ack.message) || S.watchFailed); return; }
        const back = Date.now();
        offset = ack.server_ms - Math.round((sent + back) / 2);
        watching = true;
        setBanner(null);
        if (options.onStatus) options.onStatus(true);
        if (options.onWatch) options.onWatch(ack);
        options.onState(ack.state);
      });
    }
    socket.on("connect", function () { if (!takenOver) watch(); });
    // Another device took this seat over: stop here rather than take it back on reconnect.
    socket.on("seat_taken_over", function () {
      takenOver = true;
      watching = false;
      setBanner(S.seatTakenOver);
      socket.disconnect();
    });
    socket.on("disconnect", function () {
      watching = false;
      setBanner(S.reconnecting);
      if (options.onStatus) options.onStatus(false);
    });
    socket.on("connect_error", function () {
      setBanner(S.reconnecting);
      if (options.onStatus) options.onStatus(false);
    });
    socket.on("state", function (state) { if (state) options.onState(state); });
    socket.on("cue", function (cue) {
      if (!cue || !cue.name) return;
      sounds.play(cue.name);
      if (options.onCue) options.onCue(cue.name);
    });
    socket.on("audience", function (block) { if (block && options.onAudience) options.onAudience(block); });

    // Send an event; resolve with the ack ({ok: false, message} when refused or unanswered).
    function send(event, payload) {
      return new Promise(function (resolve) {
        socket.timeout(ACK_TIMEOUT_MS).emit(event, payload || {}, function (err, ack) {
          if (err || !ack) resolve({ ok: false, error: "timeout", message: S.noReply });
          else resolve(ack);
        });
      });
    }
    // A staff command; a refusal is shown in the toast with the server's message.
    function command(name, args) {
      const payload = Object.assign({ name: name }, args || {});
      return send("command", payload).then(function (ack) {
        if (!ack.ok) toast(ack.message || ack.error || S.failed);
        return ack;
      });
    }
    return { socket: socket, send: send, command: command, connected: function () { return watching; } };
  }

  // ---- countdown from the server's deadline ---------------------------------------------------
  // `parts`: {text, fill (a bar, width %), ring (an SVG circle with pathLength 100), box (shown
  // only while a deadline runs)}. The total is the question's time while it is open, else the
  // time left when this deadline was first seen (a buzz's answer time, a steal window).
  function Countdown(parts) {
    // A stopped clock: "‖ 12" (the phones and overlay), the pause icon where parts.pauseIcon is
    // set (the consoles: shown by the box's "paused" class), or only the look of the box on the
    // studio screen (parts.plainPause), whose font has no "‖".
    if (parts.box && parts.pauseIcon) parts.box.prepend(icon("pause", "clock-paused-icon"));
    let deadline = null;
    let total = 1;
    let timer = null;
    function paint() {
      const left = deadline === null ? 0 : Math.max(0, deadline - serverNow());
      const share = Math.max(0, Math.min(1, left / total));
      if (parts.text) parts.text.textContent = String(Math.ceil(left / 1000));
      if (parts.fill) parts.fill.style.width = (share * 100).toFixed(1) + "%";
      if (parts.ring) parts.ring.setAttribute("stroke-dashoffset", (100 - share * 100).toFixed(2));
      const low = left <= LOW_MS;
      [parts.box, parts.fill, parts.text].forEach(function (node) { if (node) node.classList.toggle("low", low); });
      if (left <= 0 && timer) { window.clearInterval(timer); timer = null; }
    }
    function set(turn) {
      // A stopped clock shows the time it keeps, still (the MC runs it again).
      const paused = !!turn && turn.paused_left_ms !== null && turn.paused_left_ms !== undefined;
      if (parts.box) parts.box.classList.toggle("paused", paused);
      if (paused) {
        if (timer) { window.clearInterval(timer); timer = null; }
        deadline = null;
        if (parts.box) parts.box.hidden = false;
        const mark = parts.plainPause || parts.pauseIcon ? "" : "‖ ";
        if (parts.text) parts.text.textContent = mark + String(Math.ceil(turn.paused_left_ms / 1000));
        if (parts.fill) parts.fill.style.width = (Math.min(1, turn.paused_left_ms / (turn.time_ms || turn.paused_left_ms || 1)) * 100).toFixed(1) + "%";
        return;
      }
      const next = turn && turn.deadline_ms ? turn.deadline_ms : null;
      if (parts.box) parts.box.hidden = next === null;
      if (next === deadline) return;
      deadline = next;
      if (timer) { window.clearInterval(timer); timer = null; }
      if (deadline === null) return;
      const left = Math.max(0, deadline - serverNow());
      if (turn.call) total = turn.call.time_ms;  // a phone-a-friend or expert call
      else if (turn.phase === "open" && turn.kind !== "steal" && turn.time_ms) total = turn.time_ms;
      else total = Math.max(1000, Math.ceil(left / 1000) * 1000);
      paint();
      timer = window.setInterval(paint, 100);
    }
    return { set: set };
  }

  // ---- sound cues: Web Audio oscillators, no audio files; the mute switch is remembered --------
  const sounds = (function () {
    let ctx = null;
    let key = "quizapp.studio.sound";
    let muted = true;  // until a page attaches its switch: phones and the overlay stay silent
    let button = null;
    function context() {
      const Audio = window.AudioContext || window.webkitAudioContext;
      if (!Audio) return null;
      if (!ctx) ctx = new Audio();
      if (ctx.state === "suspended") ctx.resume().catch(function () { /* needs a click first */ });
      return ctx;
    }
    // A studio screen is clicked once (full screen): that click lets the browser play sound.
    ["pointerdown", "keydown"].forEach(function (type) {
      window.addEventListener(type, function () { if (!muted) context(); }, { passive: true });
    });
    function tone(c, freq, start, length, type, level) {
      const osc = c.createOscillator();
      const gain = c.createGain();
      osc.type = type;
      osc.frequency.setValueAtTime(freq, c.currentTime + start);
      gain.gain.setValueAtTime(0.0001, c.currentTime + start);
      gain.gain.exponentialRampToValueAtTime(level, c.currentTime + start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, c.currentTime + start + length);
      osc.connect(gain).connect(c.destination);
      osc.start(c.currentTime + start);
      osc.stop(c.currentTime + start + length + 0.05);
    }
    const CUES = {
      buzz: function (c) { tone(c, 880, 0, 0.18, "square", 0.25); tone(c, 1175, 0.16, 0.32, "square", 0.25); },
      correct: function (c) { [523, 659, 784, 1047].forEach(function (f, i) { tone(c, f, i * 0.11, 0.35, "triangle", 0.35); }); },
      wrong: function (c) { tone(c, 196, 0, 0.32, "sawtooth", 0.22); tone(c, 147, 0.3, 0.55, "sawtooth", 0.22); },
      time_up: function (c) { [0, 0.25, 0.5].forEach(function (t) { tone(c, 660, t, 0.16, "square", 0.2); }); tone(c, 440, 0.75, 0.6, "square", 0.2); },
    };
    function paintButton() {
      if (!button) return;
      button.setAttribute("aria-pressed", muted ? "true" : "false");
      iconLabel(button, muted ? "mute" : "sound", muted ? S.soundOff : S.soundOn);
      button.classList.toggle("is-muted", muted);
    }
    return {
      // Attach a mute toggle; `page` keeps each page's choice apart, `quiet` is the default.
      attach: function (toggle, page, quiet) {
        key = "quizapp.studio.sound." + page;
        const stored = load(key);
        muted = stored === null ? !!quiet : stored === "off";
        button = toggle;
        if (button) {
          button.addEventListener("click", function () {
            muted = !muted;
            save(key, muted ? "off" : "on");
            if (!muted) context();
            paintButton();
          });
        }
        paintButton();
      },
      play: function (name) {
        if (muted || !CUES[name]) return;
        const c = context();
        if (!c) return;
        try { CUES[name](c); } catch (e) { /* a sound must never break the page */ }
      },
      muted: function () { return muted; },
      // A key (the studio screen's M) instead of a switch: flip, remember, and say which it is now.
      toggle: function () {
        muted = !muted;
        save(key, muted ? "off" : "on");
        if (!muted) context();
        paintButton();
        return !muted;
      },
    };
  })();

  // ---- full screen ----------------------------------------------------------------------------
  function fullscreenButton(button) {
    if (!button) return;
    button.hidden = !document.fullscreenEnabled;
    button.addEventListener("click", function () {
      if (document.fullscreenElement) document.exitFullscreen();
      else document.documentElement.requestFullscreen().catch(function () { /* refused: stay windowed */ });
    });
    document.addEventListener("fullscreenchange", function () {
      const on = !!document.fullscreenElement;
      button.textContent = on ? S.exitFullscreen : S.fullscreen;
      document.body.classList.toggle("is-fullscreen", on);
    });
  }

  // A label led by a symbol's icon.
  function labelled(tag, className, iconName, text) {
    const node = el(tag, className);
    node.append(icon(iconName), el("span", "icon-text", text));
    return node;
  }

  // ---- reading the view -----------------------------------------------------------------------
  function seat(state, number) {
    return (state.seats || []).find(function (s) { return s.seat === number; }) || null;
  }
  function seatName(state, number) {
    const s = seat(state, number);
    return s ? s.name : format(S.seatN, { n: number });
  }
  // "2 · Trần Bình": the seat number always goes with the name (the buzzers are numbered).
  function seatLabel(state, number) {
    return number + " · " + seatName(state, number);
  }
  // The seats sharing the top score, once someone has scored.
  function leaders(state) {
    const scores = (state.seats || []).map(function (s) { return s.score; });
    const top = Math.max.apply(null, scores.concat([-Infinity]));
    if (!(top > 0)) return [];
    return (state.seats || []).filter(function (s) { return s.score === top; }).map(function (s) { return s.seat; });
  }
  function roundTitle(state) {
    const r = state.round;
    if (!r) return "";
    return english() ? (r.title_en || r.title) : r.title;
  }
  function showName(state) {
    const p = state.preset || {};
    return english() ? (p.name_en || p.name || "") : (p.name || "");
  }
  function roundProgress(state) {
    const r = state.round;
    return r ? format(S.roundOf, { n: r.index + 1, m: r.count }) : "";
  }
  // "Câu 3/6 · 20 điểm" (+ "Hàng ngang 2", "Chướng ngại vật", "Cướp điểm").
  function turnLabel(turn) {
    if (!turn) return "";
    const parts = [];
    if (turn.kind === "row") parts.push(format(S.rowN, { n: turn.row }));
    else if (turn.kind === "centre") parts.push(S.centre);
    else if (turn.kind === "keyword" || turn.kind === "keyword_final") parts.push(S.keyword);
    else if (turn.kind === "bonus") parts.push(format(S.bonusOf, { n: turn.number, m: turn.of }));
    else if (turn.number && turn.of) parts.push(format(S.questionOf, { n: turn.number, m: turn.of }));
    if (turn.kind === "steal") parts.push(S.steal);
    if (turn.value) parts.push(format(S.points, { n: turn.value }));
    if (turn.interrupt && turn.phase === "answering") parts.push(S.interrupt);
    if (turn.call) parts.push(S["call_" + turn.call.lifeline]);
    return parts.join(" · ");
  }
  function phaseLabel(turn) {
    if (!turn) return "";
    return S["phase_" + turn.phase] || turn.phase;
  }
  // Who has the floor now: the buzz winner, or the owner of an oral question.
  function floor(turn) {
    if (!turn) return null;
    if (turn.mode === "buzz") return turn.phase === "answering" ? turn.answering : null;
    if (turn.mode === "oral" || turn.mode === "choice") return turn.owner;
    return null;
  }
  // The letters of an answer the view carries, one per box (obstacle rows and keyword).
  function lettersOf(text) {
    return (text || "").match(/[\p{L}\p{N}]/gu) || [];
  }
  function letterBoxes(count, answer, className) {
    const row = el("div", "letters " + (className || ""));
    const shown = lettersOf(answer);
    for (let i = 0; i < count; i++) {
      row.append(el("span", "letter" + (shown[i] ? " filled" : ""), shown[i] || ""));
    }
    row.setAttribute("aria-label", answer ? answer : format(S.lettersN, { n: count }));
    return row;
  }

  // Seat cards: number, name, school, score and the marks a colour-blind viewer can read too.
  function renderSeats(container, state, options) {
    const opts = options || {};
    const turn = state.turn;
    const top = leaders(state);
    const hasFloor = floor(turn);
    const onTurn = state.finish ? state.finish.on_turn : null;
    container.replaceChildren();
    (state.seats || []).forEach(function (s) {
      const card = el(opts.tag || "div", "seat-card");
      card.dataset.seat = String(s.seat);
      const marks = [];  // [kind, icon, text]
      if (top.indexOf(s.seat) >= 0) { card.classList.add("is-leader"); marks.push(["lead", "star", S.leader]); }
      if (s.eliminated) { card.classList.add("is-eliminated"); marks.push(["out", "ban", S.eliminated]); }
      if (turn && turn.answering === s.seat && turn.phase === "answering") { card.classList.add("is-answering"); marks.push(["floor", "bell", S.answering]); }
      else if (turn && hasFloor === s.seat && turn.mode !== "buzz" && state.stage === "playing") {
        card.classList.add("is-owner"); marks.push(["floor", "play", S.onTurn]);
      } else if (onTurn === s.seat && !turn) { card.classList.add("is-owner"); marks.push(["floor", "play", S.onTurn]); }
      if (turn && (turn.locked || []).indexOf(s.seat) >= 0) { card.classList.add("is-locked"); marks.push(["locked", "cross", S.locked]); }
      if (turn && turn.mode === "typed" && (turn.answered || []).indexOf(s.seat) >= 0 && turn.phase === "open") {
        marks.push(["typed", "pen", S.typedMark]);
      }
      if ((state.winners || []).indexOf(s.seat) >= 0) { card.classList.add("is-winner"); marks.push(["lead", "crown", S.winner]); }
      const head = el("div", "seat-head");
      head.append(el("span", "seat-no", String(s.seat)), el("span", "seat-name", s.name));
      card.append(head);
      if (s.school && !opts.noSchool) card.append(el("span", "seat-school", s.school));
      const score = el("span", "seat-score", String(s.score));
      score.dataset.score = String(s.score);
      card.append(score);
      const markBox = el("span", "seat-marks");
      marks.forEach(function (m) { markBox.append(labelled("span", "mark mark-" + m[0], m[1], m[2])); });
      card.append(markBox);
      container.append(card);
    });
  }

  // A choice's shape (an icon) and letter.
  function choiceBadge(i) {
    const badge = el("span", "choice-badge");
    badge.append(icon("shape" + i), el("span", "choice-letter", L.LETTERS[i]));
    return badge;
  }

  // Choices A-D with their shape and letter; hidden (50:50) ones are blanked, never guessed.
  function renderChoices(container, turn, options) {
    const opts = options || {};
    container.replaceChildren();
    const choices = (turn && turn.choices) || [];
    container.hidden = choices.length === 0;
    // Once the right choice is known the others step back (not colour alone: dimmed and no tick).
    container.classList.toggle("has-correct", opts.correct !== null && opts.correct !== undefined);
    choices.forEach(function (text, i) {
      const hidden = (turn.hidden || []).indexOf(i) >= 0;
      const item = el(opts.tag || "div", "choice answer-" + i + (hidden ? " is-hidden" : ""));
      item.dataset.index = String(i);
      item.append(choiceBadge(i));
      item.append(el("span", "choice-text", hidden ? S.hiddenChoice : text));
      if (opts.correct === i) {
        item.classList.add("is-correct");
        const tick = el("span", "choice-tick");
        tick.append(icon("check"));
        item.append(tick);
      }
      if (turn.choice === i) { item.classList.add("is-locked-choice"); item.append(el("span", "choice-final", S.finalAnswer)); }
      container.append(item);
    });
  }

  // Audience poll bars (ask-the-audience): only when the turn asks and someone has voted.
  // On air nothing shows before a vote (never 0% bars); the MC's console (staff) says "no votes".
  function renderPoll(container, turn, audience, staff) {
    container.replaceChildren();
    const poll = audience && audience.poll;
    const asked = !!(turn && turn.audience_poll && turn.phase !== "revealed");
    const total = poll && poll.counts ? poll.counts.reduce(function (a, b) { return a + b; }, 0) : 0;
    if (!asked || !total) {
      const told = asked && !!staff;
      if (told) container.append(el("p", "poll-empty", S.noVotes));
      container.hidden = !told;
      return told;
    }
    container.hidden = false;
    (poll.choices || []).forEach(function (text, i) {
      const count = poll.counts[i] || 0;
      const share = total ? Math.round(100 * count / total) : 0;
      const row = el("div", "poll-row");
      const label = el("span", "poll-label");
      label.append(icon("shape" + i), el("span", "choice-letter", L.LETTERS[i]));
      row.append(label);
      const track = el("div", "poll-track");
      const fill = el("div", "poll-fill answer-" + i);
      fill.style.width = Math.max(1, share) + "%";
      fill.style.setProperty("--share", Math.max(1, share) + "%");
      track.append(fill);
      row.append(track, el("span", "poll-share", share + "%"));
      container.append(row);
    });
    return true;
  }

  return {
    S: S, $: $, el: el, format: format, connect: connect, toast: toast, Countdown: Countdown,
    sounds: sounds, fullscreenButton: fullscreenButton, serverNow: serverNow, load: load, save: save,
    seat: seat, seatName: seatName, seatLabel: seatLabel, leaders: leaders, roundTitle: roundTitle,
    showName: showName, roundProgress: roundProgress, turnLabel: turnLabel, phaseLabel: phaseLabel,
    floor: floor, letterBoxes: letterBoxes, renderSeats: renderSeats, renderChoices: renderChoices,
    renderPoll: renderPoll, icon: icon, labelled: labelled, iconLabel: iconLabel, iconize: iconize,
    orderText: orderText, choiceBadge: choiceBadge,
  };
})();
