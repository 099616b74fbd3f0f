import { defineMessages } from '../../i18n/define.ts';

export const messages = defineMessages({
  en: {
    title: 'Change your password',
    required: 'Your password was set by an administrator. Choose your own before you continue.',
    voluntary: 'Choose a new password. Your other sessions end.',
    current: 'Current password',
    next: 'New password',
    repeat: 'New password again',
    mismatch: 'The two new passwords differ.',
    submit: 'Change password',
    done: 'Password changed. Sign in with the new one.',
  },
  zh: {
    title: '修改密码',
    required: '您的密码由管理员设置，请先设置自己的密码再继续。',
    voluntary: '请设置新密码，其他登录会话将失效。',
    current: '当前密码',
    next: '新密码',
    repeat: '再次输入新密码',
    mismatch: '两次输入的新密码不一致。',
    submit: '修改密码',
    done: '密码已修改，请使用新密码登录。',
  },
});
