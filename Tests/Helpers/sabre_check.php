<?php
// Reads vCards on standard input with PHP's Sabre VObject (an outside parser and validator,
// Debian's php-sabre-vobject) and prints, as JSON, each card's FN, emails, phones, notes,
// organization, categories and birthday as Sabre reads them, with its validator's warnings.
// Found on PHP's include path, where Debian's package puts it.
$autoload = stream_resolve_include_path('Sabre/VObject/autoload.php');
if ($autoload === false) {
    fwrite(STDERR, "Sabre VObject is not installed: apt-get install php-sabre-vobject\n");
    exit(2);
}
require $autoload;
$input = fopen('php://stdin', 'r');
$splitter = new Sabre\VObject\Splitter\VCard($input);
$cards = [];
while ($card = $splitter->getNext()) {
    $values = function ($name) use ($card) {
        return array_values(array_map(function ($property) { return $property->value; }, $card->select($name)));
    };
    $cards[] = [
        'fn' => $card->FN ? $card->FN->value : null, 'emails' => $values('EMAIL'), 'phones' => $values('TEL'),
        'notes' => $values('NOTE'), 'org' => $values('ORG'), 'categories' => $values('CATEGORIES'), 'bday' => $values('BDAY'),
        'problems' => array_values(array_map(function ($warning) { return $warning['message']; }, $card->validate())),
    ];
}
echo json_encode($cards, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
