import { bindCommand } from './bind.js';
import { dashboardCommand } from './dashboard.js';
import { forecastCommand, forecastPartsAction } from './forecast.js';
import { frequencyApproveAction, frequencyRejectAction } from './frequency-review.js';
import { heatCommand } from './heat.js';
import { helpCommand } from './help.js';
import { itemDoneAction } from './item-done.js';
import { itemMoveAction, itemMovePickAction, itemMoveToAction, moveCommand } from './item-move.js';
import { logChooseAction, logCommand } from './log.js';
import { mapCommand } from './map.js';
import { myCommand } from './my.js';
import { pauseCommand, resumeCommand } from './pause.js';
import { planCommand } from './plan.js';
import { profileCommand } from './profile.js';
import { rejectAction, rejectCommand } from './reject.js';
import { reportCommand } from './report.js';
import { reviewCommand } from './review.js';
import { stageApproveAction, stageChooseAction, stageCommand } from './stage.js';
import { targetCommand, targetPublishAction, targetResplitAction } from './target.js';
import { teamCommand } from './team.js';
import type { ActionHandler, Command } from './types.js';
import { undoAction, undoCommand } from './undo.js';
import { warningActions } from './warning-actions.js';
import { weightsCommand } from './weights.js';

// The registry: adding a command is one file in src/commands/ plus one line here (docs/architecture.md "Adding a command").

export function allCommands(): Command[] {
  const list: Command[] = [logCommand, undoCommand, myCommand, moveCommand, dashboardCommand];
  list.push(reportCommand, pauseCommand, resumeCommand);
  list.push(rejectCommand, heatCommand, forecastCommand, teamCommand, profileCommand);
  list.push(bindCommand);
  list.push(stageCommand, reviewCommand, targetCommand, weightsCommand, planCommand, mapCommand);
  list.push(helpCommand(() => list));
  return list;
}

export function allActions(): ActionHandler[] {
  return [
    logChooseAction,
    undoAction,
    ...warningActions,
    rejectAction,
    forecastPartsAction,
    stageApproveAction,
    stageChooseAction,
    targetPublishAction,
    targetResplitAction,
    frequencyApproveAction,
    frequencyRejectAction,
    itemDoneAction,
    itemMovePickAction,
    itemMoveAction,
    itemMoveToAction,
  ];
}
