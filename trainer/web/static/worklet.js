// Runs on the browser's audio thread: turns the microphone into 16-bit PCM chunks of about
// 40 ms at the context's own rate (the server resamples to 16 kHz), with each chunk's level.
class PcmCapture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.size = Math.round(sampleRate * 0.04);
    this.buffer = new Int16Array(this.size);
    this.filled = 0;
    this.energy = 0;
  }

  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel) {
      for (let i = 0; i < channel.length; i++) {
        const s = Math.max(-1, Math.min(1, channel[i]));
        this.buffer[this.filled++] = s < 0 ? s * 32768 : s * 32767;
        this.energy += s * s;
        if (this.filled === this.size) {
          const rms = Math.sqrt(this.energy / this.size);
          this.port.postMessage({ pcm: this.buffer.buffer, rms }, [this.buffer.buffer]);
          this.buffer = new Int16Array(this.size);
          this.filled = 0;
          this.energy = 0;
        }
      }
    }
    return true;
  }
}

registerProcessor("pcm-capture", PcmCapture);
