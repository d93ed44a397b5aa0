// Runs an ONNX generator in ONNX Runtime (npm's onnxruntime-node) for the interop tests:
//   node onnxrun.js MODEL.onnx INPUT.f32 N H W OUTPUT.f32
// INPUT and OUTPUT are raw little-endian float32 [N, 3, H, W]; prints the output's shape as JSON.
const fs = require('fs');
const ort = require('onnxruntime-node');

async function main() {
  const [model, input, n, h, w, output] = process.argv.slice(2);
  const session = await ort.InferenceSession.create(model);
  const bytes = fs.readFileSync(input);
  const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const image = new ort.Tensor('float32', data, [Number(n), 3, Number(h), Number(w)]);
  const result = await session.run({ image });
  const y = result.translated;
  fs.writeFileSync(output, Buffer.from(y.data.buffer, y.data.byteOffset, y.data.byteLength));
  console.log(JSON.stringify(y.dims));
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
