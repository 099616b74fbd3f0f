import { defineMessages } from '../../i18n/define.ts';

export const messages = defineMessages({
  en: {
    title: 'Sign in',
    intro: 'Campus operations hub: sign in with your logistics account.',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    pending: 'Signing in…',
    wrong: 'Wrong username or password.',
    tooMany: 'Too many attempts. Wait a minute and try again.',
    expired: 'Your session has ended. Please sign in again.',
    signedOut: 'You have signed out.',
  },
  zh: {
    title: '登录',
    intro: '校园后勤运营平台：请使用后勤账号登录。',
    username: '用户名',
    password: '密码',
    submit: '登录',
    pending: '正在登录…',
    wrong: '用户名或密码错误。',
    tooMany: '尝试次数过多，请一分钟后再试。',
    expired: '登录已失效，请重新登录。',
    signedOut: '您已退出登录。',
  },
});
