// Small helpers of the device management views.

// Copies text for the copy buttons. Plain-HTTP pages (a home server on the LAN) have no
// navigator.clipboard, so the text is then selected and copied the old way, or left selected.
export async function copyText(text, element) {
    if (navigator.clipboard && window.isSecureContext) {
        try {
            await navigator.clipboard.writeText(text);
            return 'copied';
        } catch {
            // Denied or no user activation: fall back to selecting.
        }
    }

    if (!element) {
        return 'failed';
    }

    const range = document.createRange();
    range.selectNodeContents(element);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    let copied = false;
    try {
        copied = document.execCommand('copy');
    } catch {
        copied = false;
    }

    if (copied) {
        selection.removeAllRanges();
    }

    return copied ? 'copied' : 'selected';
}

// Focuses a text input with its text selected, so typing replaces it.
export function focusAndSelect(input) {
    input.focus();
    input.select();
}
