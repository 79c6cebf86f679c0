// Tags as chips; in a table row only the first few, with "+n" for the rest (named on hover).
export function TagChips({ tags, max }: { tags: string[]; max?: number }) {
  if (tags.length === 0) return <span className="faint">—</span>;
  const shown = max === undefined ? tags : tags.slice(0, max);
  const rest = tags.slice(shown.length);
  return (
    <span className="tag-chips">
      {shown.map((t) => <span key={t} className="tag-chip">{t}</span>)}
      {rest.length > 0 && <span className="tag-chip more" title={rest.join(', ')}>+{rest.length}</span>}
    </span>
  );
}
