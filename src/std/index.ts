/**
 * The std library tree: `std::…` and `tremor::…`. Each module is an immutable constant of
 * its own file; this only arranges them (`std::time::nanos` lives in nanos.ts because
 * `std::time` holds nothing else).
 */
import { array } from './array.js';
import { base64 } from './base64.js';
import { binary } from './binary.js';
import { chash } from './chash.js';
import { datetime } from './datetime.js';
import { float } from './float.js';
import { integer } from './integer.js';
import { json } from './json.js';
import { math } from './math.js';
import { nanos } from './nanos.js';
import { origin } from './origin.js';
import { path } from './path.js';
import { random } from './random.js';
import { range } from './range.js';
import { re } from './re.js';
import { record } from './record.js';
import { module, type StdModule } from './registry.js';
import { size } from './size.js';
import { string } from './string.js';
import { system } from './system.js';
import { test } from './test.js';
import { type } from './type.js';
import { url } from './url.js';
import { win } from './win.js';
import { windows } from './windows.js';

/** the root of the tree, holding the modules `std` and `tremor` */
export function stdRoot(): StdModule {
  const time = module([], {}, { nanos });
  const std = module(
    [],
    {},
    {
      string,
      array,
      record,
      math,
      integer,
      float,
      type,
      json,
      base64,
      binary,
      url,
      re,
      range,
      path,
      size,
      random,
      time,
      datetime,
      test,
      win,
    },
  );
  const tremor = module([], {}, { system, origin, chash, windows });
  return module([], {}, { std, tremor });
}
