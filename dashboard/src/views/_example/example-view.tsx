import { useT } from '../../i18n/i18n.ts';
import { Loadable } from '../../ui/states.tsx';
import { messages } from './messages.ts';
import { useCategories } from './use-example.ts';

export default function ExampleView() {
  const t = useT(messages);
  const categories = useCategories();
  return (
    <section className="page">
      <h1>{t('title')}</h1>
      <Loadable {...categories}>{(data) => <p>{t('count', { n: data.items.length })}</p>}</Loadable>
    </section>
  );
}
