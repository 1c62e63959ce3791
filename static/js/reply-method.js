// Shows only the contact detail the chosen reply method needs (a phone number for a call or a
// text, an email address for an email). Without JavaScript every detail stays visible, and the
// server checks the right one either way. Hidden fields keep what was typed in them.
(function () {
  "use strict";
  var form = document.getElementById("enquiry-form");
  if (!form) return;
  var details = form.querySelectorAll(".reply-detail[data-reply-for]");
  var radios = form.querySelectorAll('input[name="contact_method"]');

  function chosenMethod() {
    for (var i = 0; i < radios.length; i++) {
      if (radios[i].checked) return radios[i].value;
    }
    return "";
  }

  function update() {
    var method = chosenMethod();
    for (var i = 0; i < details.length; i++) {
      var wanted = details[i].getAttribute("data-reply-for").split(" ");
      var hasError = details[i].querySelector(".is-invalid") !== null;
      details[i].hidden = !hasError && wanted.indexOf(method) === -1;
    }
  }

  for (var i = 0; i < radios.length; i++) {
    radios[i].addEventListener("change", update);
  }
  update();
})();
