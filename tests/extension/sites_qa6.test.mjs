// QA pass 6 (issue 14): the pages of tests/fixtures/qa6/, written from public sources by a
// sixth hand before reading the adapters: VK on its new domains (the feed at vk.ru/feed with
// three owners' posts, m.vk.ru, VK Video at vkvideo.ru), older comments put ABOVE the ones
// shown («Показать предыдущие комментарии») while the brand's reply to one of them is
// already on the page, a Facebook group post (group-scoped author links, an anonymous
// member), and Facebook's in-app move from one post to another. The pages' own scripts run
// (jsdom): they write their time labels from the clock at load and keep the instants in
// window.__qa6.times, keyed by the id otklik should give. The browser runs of the same
// pages: tests/e2e/test_qa6_pages.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vkSite from '../../extension/src/sites/vk.js';
import * as fbSite from '../../extension/src/sites/facebook.js';
import { readAll, livePage, click, wait, check, whole, again } from './qa_page.mjs';

const live = (file, url) => livePage('qa6', file, url);

// ---- 1. VK's feed at vk.ru: three owners' posts, older comments above --------------------------
const FEED = ['vk_feed_posts.html', 'https://vk.ru/feed'];
const tv = (n) => `-187000555_9021_${n}`;
const br = (n) => `-224466001_310_${n}`;
const an = (n) => `5503311_77_${n}`;
const FEED_FIRST = [
  [tv(3318), '300111', 'Сергей Петров', 'Опять на Пролетарской не чистят тротуары, с коляской не пройти.', null, false],
  [tv(3320), 'Городские новости Твери', 'Сергей, передали в администрацию района, обещают до обеда.', tv(3318), true],
  [br(3318), '51200417', 'Ольга Смирнова', 'Заказала сулугуни на субботу, доставка так и не подтвердилась. Кому писать?', null, false],
  [br(3320), '61700233', 'Павел Гусев', 'Спасибо за рикотту, дети в восторге! Возьмём ещё.', null, false],
  [br(3321), 'Сыроварня «Ласточка»', 'Ирина, простите, это не норма. Напишите нам в сообщения номер заказа — заменим камамбер или вернём деньги.', br(3316), true],
  [an(120), 'kira.los', 'Кира Лось', 'Аня, где брала такой сыр? Выглядит очень вкусно', null, false],
  [an(121), 'anna.zhukova', 'Анна Жукова', 'Кира, в «Ласточке», брала с доставкой, очень довольна', an(120), false],
];
const FEED_OLDER = [
  [br(3312), '70400912', 'Денис Орлов', 'Когда снова будет козий сыр? Третью неделю нет в наличии.', null, false],
  [br(3316), '88012345', 'Ирина Белова', 'Камамбер пришёл с запахом аммиака, есть невозможно. Срок годности ещё неделя.', null, false],
];

test('qa6 VK feed on vk.ru: each comment\'s post from its own permalink, the same numbers under two owners, each post\'s own community', async () => {
  const pg = live(...FEED);
  check(readAll(vkSite, pg.doc, pg.now).reads, pg.times, pg.now, FEED_FIRST);
  click(pg.doc, '#qa6-prev-310');
  await wait(400);
  assert.ok(pg.win.__qa6.olderShown);
  check(readAll(vkSite, pg.doc, pg.now).reads, pg.times, pg.now, [...FEED_FIRST, ...FEED_OLDER]);
});

test('qa6 page VK feed: the brand\'s reply marks Ирина handled once her older comment arrives above it', async () => {
  const pg = live(...FEED);
  const { page, got, health } = await whole(vkSite, pg);
  // Анна Жукова answering under her own post: whether that marks 120 handled is otklik's policy.
  const first = { team: got.team, badged: got.badged, handled: got.handled.filter((id) => id !== an(120)), health };
  assert.deepEqual(first, {
    team: [tv(3320), br(3321)].sort(),
    badged: [tv(3318), br(3318), br(3320), an(120), an(121)].sort(),
    handled: [tv(3318)],
    health: 'ok',
  });
  click(pg.doc, '#qa6-prev-310');
  await wait(400);
  const after = await again(page);
  assert.deepEqual({ team: after.team, badged: after.badged, handled: after.handled.filter((id) => id !== an(120)) }, {
    team: [tv(3320), br(3321)].sort(),
    badged: [tv(3318), br(3312), br(3316), br(3318), br(3320), an(120), an(121)].sort(),
    handled: [tv(3318), br(3316)].sort(),
  });
  assert.equal(page.checkHealth().state, 'ok');
});

// ---- 2. m.vk.ru: legacy mobile markup on the new domain, older comments above --------------------
const MVK = ['mvk_ru_prev.html', 'https://m.vk.ru/wall-224466001_312'];
const m = (n) => `-224466001_312_${n}`;
const MVK_FIRST = [
  [m(4405), 'vera.sokolova', 'Вера Соколова', 'Сыр с плесенью внутри упаковки, фото отправила в личку два дня назад — ответа нет.', null, false],
  [m(4406), '40404040', 'Михаил Зуев', 'Вера, у меня так же было в октябре, вернули деньги через неделю.', m(4405), false],
  [m(4408), 'Сыроварня «Ласточка»', 'Игорь, нашли ваш заказ — он у курьера, привезём сегодня до 18:00. Простите за задержку!', m(4402), true],
  [m(4410), '45454545', 'Лариса Ким', 'Спасибо, курьер был очень вежлив', null, false],
];
const MVK_OLDER = [
  [m(4401), '15151515', 'Галина Мороз', 'Почему пармезан подорожал на 30%? В ноябре был дешевле.', null, false],
  [m(4402), '16161616', 'Игорь Лебедев', 'Заказ 5512 потерялся, курьер не отвечает, в поддержке тишина.', null, false],
];

test('qa6 m.vk.ru: ReplyItem comments on the new host, the brand\'s flat reply names a comment not yet shown', async () => {
  const pg = live(...MVK);
  check(readAll(vkSite, pg.doc, pg.now).reads, pg.times, pg.now, MVK_FIRST);
  click(pg.doc, '#qa6-prev');
  await wait(400);
  check(readAll(vkSite, pg.doc, pg.now).reads, pg.times, pg.now, [...MVK_FIRST, ...MVK_OLDER]);
});

test('qa6 page m.vk.ru: 4402 handled when it arrives, 4405 still waiting after a customer\'s answer', async () => {
  const pg = live(...MVK);
  const { page, got, health } = await whole(vkSite, pg);
  assert.deepEqual({ team: got.team, badged: got.badged, handled: got.handled, health }, {
    team: [m(4408)], badged: [m(4405), m(4406), m(4410)], handled: [], health: 'ok',
  });
  click(pg.doc, '#qa6-prev');
  await wait(400);
  const after = await again(page);
  assert.deepEqual({ team: after.team, badged: after.badged, handled: after.handled }, {
    team: [m(4408)], badged: [m(4401), m(4402), m(4405), m(4406), m(4410)], handled: [m(4402)],
  });
});

// ---- 3. VK Video at vkvideo.ru ------------------------------------------------------------------
const VV = ['vkvideo_ru_video.html', 'https://vkvideo.ru/video-224466001_456239101'];
const v = (n) => `video-224466001_456239101_${n}`;
const VV_READING = [
  [v(7701), '51200417', 'Ольга Смирнова', 'Видео классное, но где купить этот сыр в Твери?', null, false],
  [v(7702), '52200418', 'Дмитрий Ким', 'Звук отстаёт от картинки на второй минуте', null, false],
  [v(7703), '53300419', 'Сергей Лебедь', 'Подписался, ждём рецепты!', null, false],
  [v(7704), 'Сыроварня «Ласточка»', 'Ольга, в Твери — в наших магазинах на Советской, 12 и в ТЦ «Тверь-Плаза».', v(7701), true],
];

test('qa6 VK Video at vkvideo.ru: comment blocks by id, the video from the address, the community as /@name', () => {
  const pg = live(...VV);
  const { adapter, reads } = readAll(vkSite, pg.doc, pg.now);
  check(reads, pg.times, pg.now, VV_READING);
  assert.equal(adapter.pageKind(pg.doc.location, pg.doc), 'video');
});

test('qa6 page VK Video at vkvideo.ru: badges, the brand, 7701 handled', async () => {
  const { got, health } = await whole(vkSite, live(...VV));
  assert.deepEqual({ team: got.team, badged: got.badged, handled: got.handled, health }, {
    team: [v(7704)], badged: [v(7701), v(7702), v(7703)], handled: [v(7701)], health: 'ok',
  });
});

// ---- 4. A Facebook group post -------------------------------------------------------------------
const GROUP = ['fb_group_post.html', 'https://www.facebook.com/groups/1876500012345678/posts/2233445566778899/'];
const gp = (n) => `22334455667900${n}`;
const GROUP_READING = [
  [gp(11), '100004455667788', 'Марина Лебедева', 'Купила в четверг бри — внутри меловой и горчит. Это нормально для вашего бри?', null, false],
  [gp(44), 'Сыроварня «Ласточка»', 'Марина, бри этой партии созревал меньше обычного. Напишите нам в сообщения — заменим.', gp(11), true],
  [gp(22), null, 'Анонимный участник', 'Второй раз приезжает заказ без хладоэлемента, сыр тёплый. Куда жаловаться?', null, false],
  [gp(33), '100007766554433', 'Олег Сорокин', 'Будет ли дегустация в эту субботу? Хочу привезти родителей.', null, false],
  [gp(55), '100009988776655', 'Алёна Кузнецова', 'Олег, в прошлую субботу была в 12:00, думаю и в эту будет', gp(33), false],
  [gp(66), '100001122334455', 'Тимур Хасанов', 'Спасибо за мастер-класс! Сыроварня «Ласточка», когда следующий?', null, false],
];

test('qa6 Facebook group post: group-scoped author links, the Page by «Автор», an anonymous member, group permalinks', () => {
  const pg = live(...GROUP);
  const { adapter, reads } = readAll(fbSite, pg.doc, pg.now);
  check(reads, pg.times, pg.now, GROUP_READING);
  assert.equal(adapter.pageKind(pg.doc.location, pg.doc), 'post');
});

test('qa6 page Facebook group post: badges on the members (the anonymous one too), none on the Page, 11 handled', async () => {
  const { got, health } = await whole(fbSite, live(...GROUP));
  assert.deepEqual({ team: got.team, badged: got.badged, handled: got.handled, health }, {
    team: [gp(44)], badged: [gp(11), gp(22), gp(33), gp(55), gp(66)].sort(), handled: [gp(11)], health: 'ok',
  });
});

// ---- 5. Facebook: in-app move to another post and back ------------------------------------------
const SPA = ['fb_spa_next_post.html', 'https://www.facebook.com/lastochka.cheese/posts/pfbid0Qa6LastochkaFirst'];
const p1 = (n) => `11223344556677${n}`;
const p2 = (n) => `11223344556678${n}`;
const SPA_FIRST = [
  [p1('01'), 'svetlana.kim.77', 'Светлана Ким', 'Когда вернётся копчёный сулугуни? Очень ждём.', null, false],
  [p1('03'), 'Сыроварня «Ласточка»', 'Светлана, уже на следующей неделе — напишем здесь, как только появится!', p1('01'), true],
  [p1('02'), '100003300220011', 'Артём Волков', 'Доставка в Конаково будет?', null, false],
];
const SPA_SECOND = [
  [p2('01'), 'nika.solovyova', 'Ника Соловьёва', 'Дегустация была супер, но очередь на час — организуйте как-то лучше.', null, false],
  [p2('03'), 'Сыроварня «Ласточка»', 'Ника, спасибо! В следующий раз сделаем запись по времени.', p2('01'), true],
  [p2('02'), '100003300220011', 'Артём Волков', 'Всё ещё жду ответа про Конаково', null, false],
];

test('qa6 Facebook in-app move: each post read as rendered, the address after pushState', async () => {
  const pg = live(...SPA);
  check(readAll(fbSite, pg.doc, pg.now).reads, pg.times, pg.now, SPA_FIRST);
  click(pg.doc, 'a[data-qa6-next]');
  await wait(400);
  assert.equal(pg.doc.location.pathname, '/lastochka.cheese/posts/pfbid0Qa6LastochkaSecond');
  check(readAll(fbSite, pg.doc, pg.now).reads, pg.times, pg.now, SPA_SECOND);
});

test('qa6 page Facebook in-app move: nothing of the first post left, the second annotated once, and back', async () => {
  const pg = live(...SPA);
  const { page, got } = await whole(fbSite, pg);
  assert.deepEqual({ team: got.team, badged: got.badged, handled: got.handled }, {
    team: [p1('03')], badged: [p1('01'), p1('02')], handled: [p1('01')],
  });
  click(pg.doc, 'a[data-qa6-next]');
  await wait(400);
  const after = await again(page);
  const live2 = [...page.records.values()].filter((r) => pg.doc.contains(r.el)).map((r) => r.id).sort();
  assert.deepEqual(live2, [p2('01'), p2('02'), p2('03')]);
  assert.deepEqual({ team: after.team.filter((id) => id.startsWith('11223344556678')), badged: after.badged, handled: after.handled.filter((id) => id.startsWith('11223344556678')) }, {
    team: [p2('03')], badged: [p2('01'), p2('02')], handled: [p2('01')],
  });
  assert.equal(pg.doc.querySelectorAll('otklik-badge').length, 2);
  pg.win.history.back();
  await wait(450);
  const back = await again(page);
  assert.deepEqual(back.badged, [p1('01'), p1('02')]);
  assert.equal(pg.doc.querySelectorAll('otklik-badge').length, 2);
  assert.ok(back.handled.includes(p1('01')));
});
