// The checklist of a folder in protocol form (URIs instead of paths).
import type { Folder } from './folders';
import type { FolderChecklist } from '../shared/protocol';
import { fileToUri } from './convert';

export function folderChecklist(folder: Folder): FolderChecklist {
  const checklist = folder.index.checklist();
  return {
    folderUri: folder.uri, name: folder.name, score: checklist.score, scanning: folder.scanning,
    items: checklist.items.map((i) => ({
      id: i.id, category: i.category, status: i.status, weight: i.weight, title: i.title, reason: i.reason, docs: i.docs,
      evidence: i.evidence.map((e) => ({ uri: fileToUri(e.file), range: e.range })),
      fixes: i.fixes.map((f) => ({ title: f.title, safety: f.safety })),
    })),
  };
}
