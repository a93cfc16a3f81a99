// The one empty state of the app: icon, title, words, and optional extras below.
import { EmptyState as MantineEmptyState } from '@mantine/core';
import type { ReactNode } from 'react';

interface Props {
  icon: ReactNode;
  title: string;
  description: ReactNode;
  children?: ReactNode;
}

export function EmptyState({ icon, title, description, children }: Props) {
  return (
    <MantineEmptyState
      data-testid="empty-state"
      icon={icon}
      title={title}
      description={description}
      withIndicatorBackground
      maw={640}
      mx="auto"
      py="xl"
    >
      {children}
    </MantineEmptyState>
  );
}
