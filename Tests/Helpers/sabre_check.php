<?php
// Reads vCards on standard input with PHP's Sabre VObject (an outside parser and validator,
// Debian's php-sabre-vobject) and prints, as JSON, each card's FN, emails, phones, notes,
// organization, categories and birthday as Sabre reads them, with its validator's warnings.
$autoload = '/usr/share/php/Sabre/VObject/autoload.php';
foreach (explode(PATH_SEPARATOR, get_include_path()) as $folder) {
    if (file_exists("$folder/Sabre/VObject/autoload.php")) { $autoload = "$folder/Sabre/VObject/autoload.php"; break; }
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
