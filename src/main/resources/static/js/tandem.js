// Tandem's small amount of JavaScript: CSRF for htmx, select-all boxes, charts. No inline scripts (CSP).
document.addEventListener('DOMContentLoaded', () => {
  const token = document.querySelector('meta[name="_csrf"]');
  const header = document.querySelector('meta[name="_csrf_header"]');
  document.body.addEventListener('htmx:configRequest', (event) => {
    if (token && header) {
      event.detail.headers[header.content] = token.content;
    }
  });
  initialise(document);
});

document.addEventListener('htmx:afterSwap', (event) => initialise(event.target));

function initialise(root) {
  root.querySelectorAll('[data-select-all]').forEach((box) => {
    box.addEventListener('change', () => {
      document.querySelectorAll(box.dataset.selectAll).forEach((other) => { other.checked = box.checked; });
    });
  });
  root.querySelectorAll('[data-chart]').forEach((element) => {
    if (!window.echarts || element.dataset.rendered) {
      return;
    }
    element.dataset.rendered = 'true';
    const option = JSON.parse(element.dataset.chart);
    const chart = echarts.init(element);
    chart.setOption(option);
    if (element.dataset.link) {
      chart.on('click', (params) => {
        const value = params.data && params.data.link ? params.data.link : null;
        if (value) {
          window.location.href = value;
        }
      });
    }
    window.addEventListener('resize', () => chart.resize());
  });
  root.querySelectorAll('[data-copy]').forEach((button) => {
    button.addEventListener('click', () => {
      const target = document.querySelector(button.dataset.copy);
      if (target && navigator.clipboard) {
        navigator.clipboard.writeText(target.textContent.trim());
        button.textContent = button.dataset.copied || 'Copied';
      }
    });
  });
  root.querySelectorAll('form[data-confirm]').forEach((form) => {
    form.addEventListener('submit', (event) => {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });
}
