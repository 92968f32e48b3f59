// Demo shop chrome: the navigation, the cart counter and the offer banner. The banner is built with
// textContent only: offer fields come from a JSON file and are never treated as HTML.
(function () {
  var links = [
    ['index.html', 'Home'],
    ['category.html', 'Outdoor gear'],
    ['about.html', 'About'],
    ['shipping.html', 'Shipping'],
    ['faq.html', 'FAQ'],
    ['account.html', 'Account'],
    ['cart.html', 'Cart'],
  ];
  var header = document.createElement('header');
  var brand = document.createElement('a');
  brand.href = 'index.html';
  brand.className = 'brand';
  brand.textContent = 'Northwind Outdoor';
  header.appendChild(brand);
  var nav = document.createElement('nav');
  links.forEach(function (l) {
    var a = document.createElement('a');
    a.href = l[0];
    a.textContent = l[1];
    nav.appendChild(a);
  });
  header.appendChild(nav);
  // Try both triggers (see intent-setup.js): the choice holds for this tab, and reloads the page.
  var label = document.createElement('label');
  label.className = 'trigger-switch';
  label.textContent = 'Offer at ';
  var select = document.createElement('select');
  select.id = 'trigger-switch';
  [
    ['pageview', 'page view'],
    ['exit-intent', 'exit intent'],
  ].forEach(function (t) {
    var option = document.createElement('option');
    option.value = t[0];
    option.textContent = t[1];
    select.appendChild(option);
  });
  select.value = window.intentDemoTrigger || 'pageview';
  select.addEventListener('change', function () {
    var url = new URL(location.href);
    url.searchParams.set('trigger', select.value);
    location.href = url.href;
  });
  label.appendChild(select);
  header.appendChild(label);
  document.body.insertBefore(header, document.body.firstChild);

  window.showOfferBanner = function (event) {
    if (document.getElementById('offer-banner')) return;
    var offer = event.offer || {};
    var banner = document.createElement('aside');
    banner.id = 'offer-banner';
    banner.setAttribute('role', 'dialog');
    banner.setAttribute('aria-label', 'Special offer');
    var title = document.createElement('strong');
    title.textContent = String(offer.headline || 'A little something for you');
    var text = document.createElement('p');
    text.textContent = String(offer.text || '');
    var close = document.createElement('button');
    close.type = 'button';
    close.className = 'close';
    close.setAttribute('aria-label', 'Dismiss offer');
    close.textContent = '\u00d7';
    close.addEventListener('click', function () {
      banner.remove();
    });
    var meta = document.createElement('small');
    meta.textContent =
      'Purchase probability ' + (event.probability * 100).toFixed(1) + '% (' + event.variant + ' model)';
    banner.append(close, title, text, meta);
    document.body.appendChild(banner);
  };
})();
