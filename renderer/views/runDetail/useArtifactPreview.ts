// Fetches the preview of the artifact selected in the browser; the newest request wins.
import { useEffect, useRef, useState } from 'react';
import type { ArtifactPreview } from '../../../shared/artifactPreview';
import type { ApiError } from '../../../shared/errors';
import { runsClient } from '../../api/runsClient';

export interface ArtifactPreviewState {
  preview: ArtifactPreview | null;
  error: ApiError | null;
  loading: boolean;
}

const idle: ArtifactPreviewState = { preview: null, error: null, loading: false };

export function useArtifactPreview(runId: string, artifactPath: string | null): ArtifactPreviewState & { reload: () => void } {
  const [state, setState] = useState<ArtifactPreviewState>(idle);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const request = ++latest.current;
    if (artifactPath === null) {
      setState(idle);
      return;
    }
    setState({ preview: null, error: null, loading: true });
    void runsClient.artifact(runId, artifactPath).then((result) => {
      if (request !== latest.current) return;
      setState(result.ok ? { preview: result.value, error: null, loading: false } : { preview: null, error: result.error, loading: false });
    });
  }, [runId, artifactPath, attempt]);

  return { ...state, reload: () => setAttempt((n) => n + 1) };
}
