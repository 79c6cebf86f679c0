// Node icons by the lucide name a node declares (`icon: 'webhook'`); unknown names get a box.
import {
  Box, Clock, GitBranch, Globe, Mail, Merge, MessageSquare, Pencil, Play, Reply, Split, Tag, Timer, TrendingUp,
  UserRound, Webhook, Code, Zap, Flag, Hourglass, Shuffle, Building2, type LucideIcon,
} from 'lucide-react';

const icons: Record<string, LucideIcon> = {
  box: Box, clock: Clock, 'git-branch': GitBranch, globe: Globe, mail: Mail, merge: Merge, 'message-square': MessageSquare,
  pencil: Pencil, play: Play, reply: Reply, split: Split, tag: Tag, timer: Timer, 'trending-up': TrendingUp,
  user: UserRound, 'user-round': UserRound, webhook: Webhook, code: Code, zap: Zap, flag: Flag, hourglass: Hourglass,
  shuffle: Shuffle, building: Building2, 'building-2': Building2,
};

export function NodeIcon({ name, size = 16 }: { name: string; size?: number }) {
  const Icon = icons[name] ?? Box;
  return <Icon size={size} aria-hidden="true" />;
}

/** The CSS colour token of a node category. */
export const categoryColor = (category: string) => `var(--cat-${['trigger', 'logic', 'flow', 'data', 'http', 'email', 'sms', 'crm'].includes(category) ? category : 'other'})`;
