// Every migration, in order. Append new ones; never edit or reorder shipped ones.
import type { Migration } from './migration.ts';
import { migration001 } from './001-inventory.ts';
import { migration002 } from './002-campaigns.ts';
import { migration003 } from './003-results.ts';
import { migration004 } from './004-campaign-executor.ts';
import { migration005 } from './005-metric-rollup.ts';
import { migration006 } from './006-host-facts.ts';
import { migration007 } from './007-campaign-inputs.ts';
import { migration008 } from './008-run-exit-code.ts';
import { migration009 } from './009-platform-resources.ts';
import { migration010 } from './010-metric-spread.ts';
import { migration011 } from './011-execution-backend.ts';
import { migration012 } from './012-comparison-indexes.ts';
import { migration013 } from './013-platform-preparations.ts';
import { migration014 } from './014-run-cleanups.ts';
import { migration015 } from './015-run-peer-facts.ts';

export const migrations: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
  migration012,
  migration013,
  migration014,
  migration015,
];
