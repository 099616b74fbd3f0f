import { defineMessages } from '../../i18n/define.ts';

/** Every key in en must be in zh (a compile error otherwise); placeholders `{n}` must match too. */
export const messages = defineMessages({
  en: { title: 'Example', count: '{n} categories' },
  zh: { title: '示例', count: '{n} 个类别' },
});
