// A page whose content is still to come says what it will hold, instead of being blank.
export function PlaceholderPage({ title, coming }: { title: string; coming: string }) {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{title}</h1>
      <p className="muted">{coming}</p>
    </section>
  );
}
