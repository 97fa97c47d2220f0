export {
  planMoves,
  ALL_MOVE_REASONS,
  type MovePlan,
  type MoveReason,
  type RebalanceInput,
  type RebalanceView,
} from './plan';
