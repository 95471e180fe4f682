import { InitialSchema1764540000000 } from './1764540000000-initial-schema';
import { ReviewProvenance1764550000000 } from './1764550000000-review-provenance';
import { Search1764570000000 } from './1764570000000-search';
import { ProcessingPipeline1764560000000 } from './1764560000000-processing-pipeline';
import { Webhooks1764580000000 } from './1764580000000-webhooks';
import { SearchPerformance1764590000000 } from './1764590000000-search-performance';
import { SearchTotalEstimate1764600000000 } from './1764600000000-search-total-estimate';

/** Every migration, in order. The data source imports this list (no globbing: works the same compiled or under Jest). */
export const MIGRATIONS = [InitialSchema1764540000000, ReviewProvenance1764550000000, ProcessingPipeline1764560000000, Search1764570000000, Webhooks1764580000000, SearchPerformance1764590000000, SearchTotalEstimate1764600000000];
