// Sounds of a live contest, synthesised with the Web Audio API (no audio files, nothing to
// license): a chime when someone joins the lobby, ticks in the last five seconds, a chord on
// the reveal and a fanfare on the podium. Each page decides whether sound starts on (the big
// screen) or off (phones); the choice is kept per device. Browsers start audio only after a
// click, so the switch that turns sound on also unlocks it.
"use strict";
window.quizappSounds = (function () {
  // [frequency in Hz, start in s, duration in s] per note
  const CUES = {
    lobby: [[659, 0, 0.12], [988, 0.1, 0.18]],
    tick: [[880, 0, 0.07]],
    lastTick: [[1320, 0, 0.12]],
    reveal: [[392, 0, 0.5], [494, 0.06, 0.5], [587, 0.12, 0.6]],
    podium: [[523, 0, 0.16], [659, 0.16, 0.16], [784, 0.32, 0.16], [1047, 0.5, 0.6], [784, 0.5, 0.6]],
  };
  let audio = null;
  let enabled = false;
  let storageKey = null;
  const played = [];  // names of the cues played, newest last (read by the tests)

  function context() {
    const Audio = window.AudioContext || window.webkitAudioContext;
    if (!Audio) return null;
    if (!audio) audio = new Audio();
    if (audio.state === "suspended") audio.resume().catch(function () { /* needs a click */ });
    return audio;
  }

  function note(ctx, frequency, start, duration) {
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    const at = ctx.currentTime + start;
    oscillator.type = "triangle";
    oscillator.frequency.setValueAtTime(frequency, at);
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.25, at + 0.015);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + duration);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start(at);
    oscillator.stop(at + duration + 0.05);
  }

  function play(name) {
    if (!enabled || !CUES[name]) return;
    played.push(name);
    const ctx = context();
    if (!ctx) return;
    CUES[name].forEach(function (n) { note(ctx, n[0], n[1], n[2]); });
  }

  // Wire a toggle button (aria-pressed) to the sound of this page; `startOn` when the device
  // has never chosen. Labels come from the page's translated strings.
  function attach(button, key, startOn, labels) {
    storageKey = key;
    let stored = null;
    try { stored = window.localStorage.getItem(key); } catch (e) { /* private mode */ }
    enabled = stored === null ? startOn : stored === "on";
    const paint = function () {
      button.setAttribute("aria-pressed", enabled ? "true" : "false");
      button.querySelector(".sound-label").textContent = enabled ? labels.on : labels.off;
    };
    button.addEventListener("click", function () {
      enabled = !enabled;
      try { window.localStorage.setItem(storageKey, enabled ? "on" : "off"); } catch (e) { /* private mode */ }
      if (enabled) context();
      paint();
    });
    // The first click anywhere unlocks audio for a page that starts with sound on.
    document.addEventListener("pointerdown", function () { if (enabled) context(); }, { once: true });
    paint();
  }

  return { play: play, attach: attach, played: played, isOn: function () { return enabled; } };
})();
