import { describe, expect, it } from 'vitest';
import { useDocumentStore } from '../../renderer/store/documentStore';
import { emptyDoc } from '../../renderer/store/edits';
import { useStudioStore } from '../../renderer/studio/studioStore';

describe('the probe text belongs to its document', () => {
  it('another graph starts from its own text, and a file opened again gets its text back', () => {
    useDocumentStore.getState().load(emptyDoc('Reviews'), 'reviews.tlgraph');
    useStudioStore.getState().setProbe('a wonderful film');
    // A template replaces the graph: the old probe does not carry over.
    useDocumentStore.getState().replace(emptyDoc('Translator'));
    expect(useStudioStore.getState().probeText).toBe('');
    useStudioStore.getState().setProbe('the cat sleeps');
    useDocumentStore.getState().load(emptyDoc('Reviews'), 'reviews.tlgraph');
    expect(useStudioStore.getState().probeText).toBe('a wonderful film');
    // Edits to one graph keep its text.
    useDocumentStore.getState().setName('Reviews, edited');
    expect(useStudioStore.getState().probeText).toBe('a wonderful film');
  });
});
