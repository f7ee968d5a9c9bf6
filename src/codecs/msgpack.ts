/**
 * The `msgpack` codec (reference §4.2): one MessagePack value per chunk, through msgpackr.
 * Maps must have string keys, `bin` is a binary (`Uint8Array`), 64-bit integers stay exact
 * (bigints beyond 2^53); extension types (timestamps included) are errors, as in Tremor, and so
 * are trailing bytes after the value.
 *
 * Floats: an integral float (`1.0`) encodes as a float64, as Tremor does. Decoding cannot tell
 * a float64 `1.0` from the integer 1 (msgpackr hands both over as the number 1), so integral
 * floats decode as integers, except those only a float can hold (-0.0, beyond 2^53).
 *
 * Config: none. `codec = "msgpack"`
 */
import type * as Msgpackr from 'msgpackr';
import { lazyModule } from '../base/lazy-module.js';
import { schema } from '../runtime/schema.js';
import { FloatBox, inIntRange, intFromBig, type Value } from '../runtime/value.js';
import { defineCodec } from './codec.js';
import { fromJs, toJs, type FromJs } from './js-value.js';

/** an ext type id no msgpackr built-in uses; registering it is how FloatBox gets a raw float64 */
const FLOAT_EXT = 0x46;

type Allocate = (size: number) => { target: Uint8Array; targetView: DataView; position: number };

// msgpackr writes an integral JS number as an integer; the only way to make it write a float64
// is an extension whose `pack` writes the bytes itself through `allocateForWrite` (returning
// nothing adds no ext header), as msgpackr's own Date extension does. Its typings omit that
// argument, hence the cast. The registration is process-wide but only concerns FloatBox,
// which nothing else packs; registering it again (each codec instance does) replaces it.
const floatExtension = (addExtension: typeof Msgpackr.addExtension) =>
  addExtension({
    Class: FloatBox,
    type: FLOAT_EXT,
    pack(box: FloatBox, allocateForWrite: Allocate) {
      const { target, targetView, position } = allocateForWrite(9);
      target[position] = 0xcb;
      targetView.setFloat64(position + 1, box.fv);
    },
    unpack() {
      throw new Error('extension types are not supported');
    },
  } as unknown as Parameters<typeof Msgpackr.addExtension>[0]);

const msgpackr = lazyModule<typeof Msgpackr>('msgpackr');
const INT32_MIN = -0x80000000;
const UINT32_MAX = 0xffffffff;

/** msgpackr input: wide safe integers as bigints */
function packLeaf(v: Value): unknown {
  // msgpackr writes integers beyond 32 bits as float64; as a bigint they stay integers
  return typeof v === 'number' && Number.isInteger(v) && (v < INT32_MIN || v > UINT32_MAX) ? BigInt(v) : v;
}

/** msgpackr output as a Tremor value; anything outside the value model is an error */
const FROM_PACK: FromJs = {
  // a msgpack integer beyond 32 bits arrives as a bigint, so these can only be floats
  number: (n) => (Object.is(n, -0) || (Number.isInteger(n) && !Number.isSafeInteger(n)) ? new FloatBox(n) : n),
  bigint(n) {
    if (!inIntRange(n)) throw new Error(`Invalid MessagePack: the integer ${n} is out of range`);
    return intFromBig(n);
  },
  key(k) {
    if (typeof k !== 'string') throw new Error(`Invalid MessagePack: map keys must be strings, not ${typeof k === 'bigint' ? 'integer' : typeof k}`);
    return k;
  },
  unsupported: () => new Error('Invalid MessagePack: extension types are not supported'),
};

export const msgpack = defineCodec('msgpack', schema({}), () => {
  const { Packr, Unpackr, addExtension } = msgpackr();
  floatExtension(addExtension);
  const packr = new Packr({ useRecords: false, mapsAsObjects: false });
  const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: false, int64AsType: 'bigint' });
  return {
    decode(chunk) {
      if (chunk.length === 0) throw new Error('Invalid MessagePack: empty input');
      let raw: unknown;
      try {
        raw = unpackr.unpack(chunk);
      } catch (e) {
        throw new Error(`Invalid MessagePack: ${(e as Error).message}`);
      }
      return fromJs(raw, FROM_PACK);
    },
    encode: (value) => packr.pack(toJs(value, packLeaf)),
  };
});
