export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/bind/index',
    'pages/tasks/index',
    'pages/task/index',
    'pages/report/index',
    'pages/extension/index',
    'pages/review/index',
    'pages/dashboard/index',
    'pages/me/index',
    'pages/inbox/index',
    'pages/unit/index',
  ],
  // Administration is rarely used: its pages load only when an admin opens them.
  subPackages: [
    {
      root: 'pages/admin',
      pages: [
        'index/index',
        'import/index',
        'directory/index',
        'invites/index',
        'settings/index',
        'templates/index',
        'people/index',
        'storage/index',
      ],
    },
  ],
  sitemapLocation: 'sitemap.json',
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f3f5f8',
    navigationBarBackgroundColor: '#1f5fbf',
    navigationBarTitleText: '督办通',
    navigationBarTextStyle: 'white',
    // The browser build shows the same title bar (with its back button) as WeChat does.
    navigationStyle: 'default',
  },
});
