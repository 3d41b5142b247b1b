// The registration desk page. Data from the server is only ever put into the
// page with textContent (never innerHTML), so a name is always shown as text.
"use strict";

const DEBOUNCE_MS = 150;
let searchTimer = null;
let searchSerial = 0;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return response.json();
}

async function search(query) {
  const serial = ++searchSerial;
  const people = await getJSON(`api/search?q=${encodeURIComponent(query)}`);
  if (serial !== searchSerial) return; // a newer search has started
  const list = document.getElementById("results");
  list.replaceChildren(...people.map(resultItem));
  const count = document.getElementById("count");
  count.textContent = query.trim() ? `${people.length} found${people.length === 30 ? " (first 30; type more)" : ""}` : "";
}

function printButton(label, product, person) {
  const button = el("button", product === "badge" ? "primary" : "", label);
  button.type = "submit";
  button.setAttribute("form", "print-form");
  button.name = "item";
  button.value = `${product}:${person.id}`;
  button.setAttribute("aria-label", `${label} for ${person.name}`);
  return button;
}

function resultItem(person) {
  const item = el("li");
  item.dataset.id = person.id;
  const text = el("div");
  const name = el("div", "name", person.name);
  if (person.native_name) name.append(el("span", "native", person.native_name));
  const details = el("div", "details");
  if (person.seat) details.append(el("span", "seat", `Seat ${person.seat}`));
  if (person.role) details.append(el("span", "role", person.role));
  details.append(document.createTextNode(person.affiliation));
  const printed = person.printed.badge
    ? el("div", "printed", `Badge printed ${person.printed.badge.slice(11, 16)}`)
    : el("div", "not-printed", "Badge not printed yet");
  text.append(name, details, printed);
  const actions = el("div", "actions");
  const correct = el("button", "", "Correct");
  correct.type = "button";
  correct.setAttribute("aria-label", `Correct ${person.name}`);
  correct.addEventListener("click", () => startCorrection(person));
  actions.append(printButton("Badge", "badge", person), printButton("Tent card", "tent", person), correct);
  item.append(text, actions);
  return item;
}

function personForm() { return document.getElementById("person-form"); }

function startCorrection(person) {
  const form = personForm();
  form.elements.action.value = "correct";
  form.elements.person_id.value = person.id;
  for (const [field, value] of Object.entries(person.fields)) {
    if (form.elements[field]) form.elements[field].value = value;
  }
  const ticket = document.getElementById("ticket-field");
  if (ticket) ticket.hidden = true;
  document.getElementById("edit-mode").textContent = `Correcting ${person.name} (${person.id}).`;
  showMessage("", "");
  form.elements.given_name.focus();
}

function startWalkIn() {
  const form = personForm();
  form.reset();
  form.elements.action.value = "add";
  form.elements.person_id.value = "";
  const ticket = document.getElementById("ticket-field");
  if (ticket) ticket.hidden = false;
  document.getElementById("edit-mode").textContent = "Adding a walk-in guest.";
  showMessage("", "");
}

function showMessage(kind, text, problems = []) {
  const box = document.getElementById("form-message");
  box.className = kind;
  box.replaceChildren();
  if (text) box.append(el("p", "", text));
  if (problems.length) {
    const list = el("ul");
    for (const problem of problems) {
      list.append(el("li", "", problem.field ? `${problem.field}: ${problem.message}` : problem.message));
    }
    box.append(list);
  }
}

async function savePerson(event) {
  event.preventDefault();
  const form = personForm();
  const fields = {};
  for (const name of ["given_name", "family_name", "native_name", "position", "organisation", "email", "ticket"]) {
    if (form.elements[name]) fields[name] = form.elements[name].value;
  }
  const body = { action: form.elements.action.value, person_id: form.elements.person_id.value, fields };
  let response;
  try {
    response = await fetch("api/people", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
  } catch (error) {
    showMessage("bad", "The desk server cannot be reached; nothing was saved.");
    return;
  }
  const result = await response.json().catch(() => ({ problems: [{ message: `error ${response.status}` }] }));
  if (response.ok && result.saved) {
    showMessage("ok", `Saved: ${result.person.name}.`);
    const query = document.getElementById("q");
    query.value = result.person.name;
    await search(query.value);
  } else {
    showMessage("bad", "Not saved:", result.problems || []);
  }
}

async function refreshLog() {
  const rows = await getJSON("api/log");
  const body = document.getElementById("log");
  body.replaceChildren(...rows.slice(0, 30).map((row) => {
    const tr = el("tr");
    const item = row.Product === "badge" ? "Badge" : "Tent card";
    const stock = row.Product === "badge" ? `${row.Stock}, slot ${row.Slot}` : row.Stock;
    tr.append(el("td", "", (row.Timestamp || "").slice(11, 19)), el("td", "", item), el("td", "", row.Name), el("td", "", stock));
    return tr;
  }));
}

document.addEventListener("DOMContentLoaded", () => {
  const query = document.getElementById("q");
  query.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => search(query.value), DEBOUNCE_MS);
  });
  document.getElementById("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(searchTimer);
    search(query.value).then(() => {
      const first = document.querySelector("#results button");
      if (first) first.focus();
    });
  });
  document.getElementById("print-form").addEventListener("submit", () => {
    setTimeout(() => { refreshLog(); if (query.value) search(query.value); }, 800);
  });
  personForm().addEventListener("submit", savePerson);
  document.getElementById("new-walk-in").addEventListener("click", startWalkIn);
  refreshLog();
});
