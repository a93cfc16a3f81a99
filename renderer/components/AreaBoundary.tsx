// Catches what a part of the window throws while it renders, and shows what
// failed, the error's message and a way to load that part again, so that one
// failing view never blanks the whole window (React unmounts everything below
// an uncaught render error).
import { Alert, Button, Code, Text } from '@mantine/core';
import { CircleAlert } from 'lucide-react';
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What this part of the window is, in the user's words ("The runs table"). */
  area: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
  /** Bumped by "Reload": the area mounts again from scratch. */
  generation: number;
}

export class AreaBoundary extends Component<Props, State> {
  override state: State = { error: null, generation: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`Runlens: ${this.props.area} failed:`, error, info.componentStack);
  }

  private reload = () => this.setState((state) => ({ error: null, generation: state.generation + 1 }));

  override render(): ReactNode {
    const { error, generation } = this.state;
    if (!error) return <AreaChildren key={generation}>{this.props.children}</AreaChildren>;
    return (
      <Alert color="red" variant="light" title={`${this.props.area} failed to show`} icon={<CircleAlert size={18} />} m="md" data-testid="area-error">
        <Text size="sm">The rest of Runlens still works. This is what went wrong:</Text>
        <Code block mt="xs" data-testid="area-error-message">
          {error.message}
        </Code>
        <Button size="xs" variant="light" color="red" mt="sm" onClick={this.reload} data-testid="area-reload">
          Reload {this.props.area.toLowerCase()}
        </Button>
      </Alert>
    );
  }
}

/** A keyed wrapper: a new key mounts the children anew. */
function AreaChildren({ children }: { children: ReactNode }) {
  return <>{children}</>;
}
