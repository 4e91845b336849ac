// The studio keyboard: USB buzzer boxes type a key; each key buzzes for its seat.
"use strict";
(function () {
  const root = document.getElementById("studio-root");
  if (!root || typeof io !== "function" || !window.quizappStudio) return;
  const St = window.quizappStudio;
  const { S, $, el, format } = St;
  const episodeId = Number(root.dataset.episodeId);
  const STORE = "quizapp.studio.keys";
  const SECOND_ROW = "ASDFGHJK";
  const RESULTS_KEPT = 12;
  let state = null;
  let seats = 0;
  let keymap = null;  // {key: seat}
  let results = [];
  const flashing = {};

  St.sounds.attach($("sound-toggle"), "keys", true);
  const studio = St.connect({
    watch: { role: "keys", episode_id: episodeId },
    onState: function (next) {
      state = next;
      const count = (next.seats || []).length;
      if (count !== seats) { seats = count; keymap = loadMap(); renderMap(); }
      render();
    },
  });

  // ---- the key map -------------------------------------------------------------------------------
  function normal(key) { return key.length === 1 ? key.toUpperCase() : key; }
  function defaults() {
    const map = {};
    for (let seat = 1; seat <= seats; seat++) {
      if (seat <= 9) map[String(seat)] = seat;
      if (SECOND_ROW[seat - 1]) map[SECOND_ROW[seat - 1]] = seat;
    }
    return map;
  }
  function loadMap() {
    try {
      const stored = JSON.parse(St.load(STORE) || "null");
      if (stored && typeof stored === "object") {
        const map = {};
        Object.keys(stored).forEach(function (k) { const s = Number(stored[k]); if (s >= 1 && s <= seats) map[k] = s; });
        if (Object.keys(map).length) return map;
      }
    } catch (e) { /* a broken entry: use the defaults */ }
    return defaults();
  }
  function keysOf(seat) { return Object.keys(keymap).filter(function (k) { return keymap[k] === seat; }); }

  function renderMap() {
    const body = $("k-map-rows");
    body.replaceChildren();
    for (let seat = 1; seat <= seats; seat++) {
      const tr = el("tr");
      const label = el("label", "", St.seatLabel(state, seat));
      label.htmlFor = "k-keys-" + seat;
      const cell = el("td");
      cell.append(label);
      const input = el("input", "key-input");
      input.type = "text";
      input.id = "k-keys-" + seat;
      input.name = "seat-" + seat;
      input.autocomplete = "off";
      input.value = keysOf(seat).join(" ");
      const inputCell = el("td");
      inputCell.append(input);
      tr.append(cell, inputCell);
      body.append(tr);
    }
  }
  $("k-map").addEventListener("submit", function (event) {
    event.preventDefault();
    const map = {};
    const error = $("k-map-error");
    for (let seat = 1; seat <= seats; seat++) {
      const words = $("k-keys-" + seat).value.split(/\s+/).filter(Boolean);
      for (const word of words) {
        const key = normal(word);
        if (map[key] && map[key] !== seat) {
          error.textContent = format(S.duplicate, { key: key });
          error.hidden = false;
          return;
        }
        map[key] = seat;
      }
    }
    error.hidden = true;
    keymap = map;
    St.save(STORE, JSON.stringify(map));
    St.toast(S.saved, "ok");
    render();
  });
  $("k-map-reset").addEventListener("click", function () {
    keymap = defaults();
    St.save(STORE, JSON.stringify(keymap));
    renderMap();
    render();
  });

  // ---- listening -----------------------------------------------------------------------------------
  function typing(target) {
    return target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT");
  }
  function paintListening() {
    const on = !typing(document.activeElement);
    St.iconLabel($("k-listening"), on ? "shape2" : "ring", on ? S.listening : S.notListening);
    $("k-listening").classList.toggle("is-on", on);
  }
  document.addEventListener("focusin", paintListening);
  document.addEventListener("focusout", function () { window.setTimeout(paintListening, 0); });
  paintListening();

  document.addEventListener("keydown", function (event) {
    if (event.repeat || event.ctrlKey || event.metaKey || event.altKey || typing(event.target) || !keymap) return;
    const key = normal(event.key);
    const seat = keymap[key];
    if (!seat) return;
    event.preventDefault();
    buzz(seat, key);
  });

  function buzz(seat, key) {
    studio.send("buzz", { seat: seat }).then(function (ack) {
      const claim = state && state.obstacle && state.turn && state.turn.kind === "row";
      let outcome;
      if (!ack.ok) outcome = format(S.refused, { message: ack.message || ack.error });
      else if (ack.won) outcome = claim ? S.claimed : S.won;
      else if (ack.outcome === "early" || ack.outcome === "held") outcome = S.early;
      else outcome = S.late;
      results.unshift({ key: key, seat: seat, won: !!(ack.ok && ack.won), ok: !!ack.ok, outcome: outcome, received: ack.received_ms });
      results = results.slice(0, RESULTS_KEPT);
      if (ack.ok && ack.won) flash(seat);
      renderResults();
    });
  }

  function flash(seat) {
    if (flashing[seat]) window.clearTimeout(flashing[seat]);
    flashing[seat] = window.setTimeout(function () { delete flashing[seat]; render(); }, 1600);
    render();
  }

  // ---- rendering -----------------------------------------------------------------------------------
  function render() {
    if (!state) return;
    const turn = state.turn;
    const playing = state.stage === "playing";
    $("k-round").textContent = state.round ? St.roundProgress(state) + " · " + St.roundTitle(state) : "";
    $("k-phase").textContent = turn && playing ? St.phaseLabel(turn) : "";
    $("k-phase").hidden = !(turn && playing);
    const tiles = $("k-tiles");
    tiles.replaceChildren();
    (state.seats || []).forEach(function (s) {
      const tile = el("button", "key-tile");
      tile.type = "button";
      tile.dataset.seat = String(s.seat);
      if (flashing[s.seat]) tile.classList.add("flash");
      if (turn && turn.answering === s.seat && turn.phase === "answering") tile.classList.add("is-answering");
      if (turn && (turn.locked || []).indexOf(s.seat) >= 0) tile.classList.add("is-locked");
      tile.append(el("span", "key-tile-no", String(s.seat)), el("span", "key-tile-name", s.name),
        el("span", "key-tile-keys", format(S.keysLabel, { keys: keysOf(s.seat).join(" · ") || "–" })));
      if (flashing[s.seat]) tile.append(St.iconLabel(el("span", "key-tile-won"), "bell", S.won));
      else if (turn && turn.answering === s.seat && turn.phase === "answering") tile.append(St.iconLabel(el("span", "key-tile-won"), "bell", S.answering));
      else if (turn && (turn.locked || []).indexOf(s.seat) >= 0) tile.append(St.iconLabel(el("span", "key-tile-state"), "cross", S.locked));
      tile.addEventListener("click", function () { buzz(s.seat, "—"); });
      tiles.append(tile);
    });
  }

  // 14:03:07.125: the server's receive time (ms) as a studio operator reads it.
  function clockTime(ms) {
    const d = new Date(ms);
    const two = function (n) { return String(n).padStart(2, "0"); };
    return two(d.getHours()) + ":" + two(d.getMinutes()) + ":" + two(d.getSeconds()) + "." + String(d.getMilliseconds()).padStart(3, "0");
  }

  function renderResults() {
    const body = $("k-results");
    body.replaceChildren();
    if (!results.length) {
      const tr = el("tr");
      const td = el("td", "empty", S.noKeys);
      td.colSpan = 4;
      tr.append(td);
      body.append(tr);
      return;
    }
    results.forEach(function (r, i) {
      const tr = el("tr", r.won ? "is-won" : (r.ok ? "is-late" : "is-refused"));
      const before = results[i + 1];
      const time = el("td", "num received");
      time.append(el("span", "", r.received ? clockTime(r.received) : "–"));
      if (r.received && before && before.received) time.append(el("span", "delta", " +" + (r.received - before.received) + " ms"));
      time.title = r.received ? String(r.received) : "";
      const outcome = St.iconLabel(el("td"), r.won ? "bell" : (r.ok ? "ring" : "cross"), r.outcome);
      tr.append(el("td", "key-cell", r.key), el("td", "", St.seatLabel(state, r.seat)), outcome, time);
      body.append(tr);
    });
  }
})();
