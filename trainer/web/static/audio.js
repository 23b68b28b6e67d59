// The page's sound: the microphone through an AudioWorklet (PCM chunks to a callback) and a
// player for the 16 kHz lines the server sends (the other side's voice).

export class Mic {
  // echoCancellation: wanted in a call (their voice comes out of the speakers while you may
  // talk), not in practice, where it only colours your voice.
  constructor({ onLevel = () => {}, onPcm = null, echoCancellation = false } = {}) {
    this.onLevel = onLevel;
    this.onPcm = onPcm;
    this.echoCancellation = echoCancellation;
    this.ctx = null;
    this.stream = null;
  }

  get rate() {
    return this.ctx ? this.ctx.sampleRate : 0;
  }

  async open() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      throw new Error("this browser gives no microphone to pages (open the page as http://127.0.0.1:PORT)");
    }
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: this.echoCancellation, noiseSuppression: false, autoGainControl: false },
    });
    // 16 kHz, the rate speech is heard at: the browser's own (band-limited) resampler does
    // the conversion. Where a context cannot take the microphone at 16 kHz (some browsers
    // refuse to mix rates), it runs at its own rate and the server resamples.
    try {
      await this.connect({ sampleRate: 16000 });
    } catch {
      if (this.ctx) this.ctx.close();
      await this.connect({});
    }
    if (this.ctx.state === "suspended") await this.ctx.resume();
  }

  async connect(options) {
    this.ctx = new AudioContext(options);
    await this.ctx.audioWorklet.addModule("/static/worklet.js");
    const source = this.ctx.createMediaStreamSource(this.stream);
    this.node = new AudioWorkletNode(this.ctx, "pcm-capture");
    this.node.port.onmessage = (event) => {
      this.onLevel(event.data.rms);
      if (this.onPcm) this.onPcm(event.data.pcm);
    };
    const silent = this.ctx.createGain();
    silent.gain.value = 0; // keeps the worklet pulled by the graph without echoing the mic
    source.connect(this.node).connect(silent).connect(this.ctx.destination);
  }

  close() {
    if (this.stream) this.stream.getTracks().forEach((track) => track.stop());
    if (this.node) this.node.port.onmessage = null;
    this.onPcm = null;
    this.stream = null;
  }

  release() {
    this.close();
    if (this.ctx) this.ctx.close();
    this.ctx = null;
  }
}

export class Player {
  constructor(ctx) {
    this.ctx = ctx;
    this.until = 0;
    this.sources = new Set();
    this.onIdle = null;
  }

  play(arrayBuffer, rate = 16000) {
    const pcm = new Int16Array(arrayBuffer);
    if (!pcm.length || !this.ctx) return;
    const buffer = this.ctx.createBuffer(1, pcm.length, rate);
    const data = buffer.getChannelData(0);
    for (let i = 0; i < pcm.length; i++) data[i] = pcm[i] / 32768;
    const source = this.ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(this.ctx.destination);
    const at = Math.max(this.ctx.currentTime + 0.02, this.until);
    source.start(at);
    this.until = at + buffer.duration;
    this.sources.add(source);
    source.onended = () => {
      this.sources.delete(source);
      if (!this.sources.size && this.onIdle) this.onIdle();
    };
  }

  stop() {
    for (const source of this.sources) {
      try { source.stop(); } catch { /* already stopped */ }
    }
    this.sources.clear();
    this.until = 0;
  }
}

// A level meter: a bar whose width follows the loudness (a little log-scaled, so speech
// fills most of it and silence almost none).
export function meterSetter(fill) {
  let last = 0;
  return (rms) => {
    const db = 20 * Math.log10(Math.max(rms, 1e-5));
    const target = Math.max(0, Math.min(1, (db + 60) / 54));
    last = target > last ? target : last * 0.85 + target * 0.15;
    fill.style.width = `${(last * 100).toFixed(1)}%`;
  };
}
